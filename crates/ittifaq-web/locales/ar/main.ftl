app-name = اتفاق
skip-to-content = انتقل إلى المحتوى
nav-label = القائمة الرئيسية
nav-people = الأفراد
nav-units = الوحدات
nav-institutions = المؤسسات
nav-courses = الدورات
nav-agreement = الاتفاقية
nav-audit = التدقيق
nav-users = المستخدمون
nav-account = الحساب
sign-in = تسجيل الدخول
sign-out = تسجيل الخروج
language = اللغة
change = تغيير
back-home = العودة إلى الصفحة الرئيسية
username = اسم المستخدم
password = كلمة المرور
display-name = الاسم المعروض
role = الدور
totp-code = رمز التحقق
totp-code-help = فقط إذا كان لحسابك عامل تحقق ثانٍ.
home-title = نظرة عامة على الاتفاقية
no-agreement = لم يتم تحميل أي اتفاقية بعد.
people-title = الأفراد
people-count = { $plural ->
    [zero] لا يوجد أفراد
    [one] فرد واحد
    [two] فردان
    [few] { $count } أفراد
    [many] { $count } فردًا
   *[other] { $count } فرد
}
page-of = الصفحة { $page } من { $pages }
search = بحث
all = الكل
filter = تصفية
rank-from = من رتبة
rank-to = إلى رتبة
person-new = تسجيل فرد
export-csv = تصدير بصيغة CSV
pages = الصفحات
previous = السابق
next = التالي
archived = هذا السجل مؤرشف.
released-only = هذا الفرد يتبع الطرف الآخر: لا ترى إلا ما أفرج عنه ذلك الطرف.
withheld = محجوب
edit = تعديل
archive = أرشفة
save = حفظ
field-party = الطرف
field-unit = الوحدة
field-name = الاسم
field-service-number = الرقم العسكري
field-given-name = الاسم الأول
field-family-name = اسم العائلة
field-native-name = الاسم بالكتابة الأصلية
field-rank = الرتبة
field-rank-title = الرتبة الوطنية
field-languages = اللغات
languages-help = رموز ISO 639-1 مفصولة بفواصل، مثل ar و tr و en.
field-qualifications = المؤهلات
private-fields = حقول خاصة بالطرف
field-national-id = الرقم الوطني
field-phone = الهاتف
field-next-of-kin = أقرب الأقارب
field-code = الرمز
field-parent = الوحدة الأم
field-max-away = الحد الأقصى للغائبين معًا
field-city = المدينة
field-domains = مجالات التدريب
field-title = العنوان
field-domain = مجال التدريب
field-institution = المؤسسة
field-language = لغة التدريس
field-days = الأيام
field-capacity = السعة
field-article = المادة
units-title = الوحدات
institutions-title = مؤسسات التدريب
courses-title = دليل الدورات
measure = إجراء تعاون
track = مسار المساعدة الفنية
signed-on = تاريخ التوقيع
kind = النوع
audit-title = سجل التدقيق
audit-lead = كل تغيير، ومن أجراه، ومتى. تظهر تغييرات سجلات الطرف الآخر بأسماء الحقول المتغيرة دون قيمها.
when = متى
who = من
action = الإجراء
object = السجل
before = قبل
after = بعد
account-title = حسابك
totp-title = عامل التحقق الثاني
totp-enabled = هذا الحساب محمي بعامل تحقق ثانٍ (TOTP).
totp-disabled = لا يوجد عامل تحقق ثانٍ لهذا الحساب.
totp-enable = إعداد عامل تحقق ثانٍ
totp-scan = أضف هذا المفتاح السري إلى تطبيق المصادقة، ثم أدخل الرمز الذي يظهره.
totp-confirm = تأكيد
totp-wrong = الرمز غير صحيح؛ جرّب الرمز الحالي.
users-title = حسابات طرفك
user-new = حساب جديد
user-created = تم إنشاء الحساب:
yes = نعم
no = لا
role-admin = مسؤول النظام
role-joint_office = المكتب المشترك
role-institution_staff = موظفو المؤسسة
role-unit_commander = قائد الوحدة
role-instructor = مدرب
role-advisor = مستشار
role-trainee = متدرب
role-deconfliction_officer = ضابط منع الاشتباك
role-auditor = مدقق
error-bad-request = تعذرت قراءة الطلب
error-unauthorized = يلزم تسجيل الدخول
error-forbidden = غير مسموح
error-not-found = غير موجود
error-conflict = تعارض
error-too-large = كبير جدًا
error-invalid = إدخال غير صالح
error-too-many = محاولات كثيرة جدًا
error-internal = حدث خطأ ما
unit-new = وحدة جديدة
institution-new = مؤسسة جديدة
nav-ledger = السجل
ledger-title = سجل التدقيق المشترك
ledger-size = { $plural ->
    [zero] لا توجد قيود
    [one] قيد واحد
    [two] قيدان
    [few] { $count } قيود
    [many] { $count } قيدًا
   *[other] { $count } قيد
}
ledger-verified = تم التحقق: { $entries } قيد، { $signed } موقّع، الجذر { $root }
ledger-failed = فشل التحقق
ledger-no-key = لا يوجد مفتاح نقاط تحقق على هذا الخادم
ledger-checkpoint-size = الحجم
ledger-note = نقطة تحقق موقّعة
