app-name = اتفاق
skip-to-content = انتقل إلى المحتوى
nav-label = القائمة الرئيسية
nav-inbox = صندوق الوارد
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
audit-withheld = تغيّر (القيم تخص الطرف الآخر)
audit-changes = التغييرات
audit-none = لا يوجد قيد يطابق هذه المرشحات.
audit-older = قيود أقدم
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
ledger-host-signature = توقيع الطرف المضيف
ledger-witness-signature = التواقيع المشتركة للشاهد
ledger-not-witnessed = لم يشهد عليها بعد

# Ledger and witness refusals
invalid-ledger-record = تعذّر تسجيل التغيير في السجل: { $error }
invalid-audit-row = تعذّر إنشاء قيد التدقيق: { $error }
invalid-audit-not-stored = لم يُخزَّن قيد التدقيق
invalid-ledger-full = السجل ممتلئ
invalid-ledger-position-negative = موضع سالب في السجل
conflict-ledger-changed = تغيّر السجل أثناء تسجيل هذا التغيير؛ أعد المحاولة
invalid-ledger-node-missing = تنقص الشجرة المخزَّنة للسجل العقدةَ ({ $level }، { $index })؛ شغّل إعادة البناء
invalid-ledger-gap = مواضع السجل غير متصلة عند { $seq }
invalid-node-mirror-io = نسخة عقد السجل في { $path }: { $error }
invalid-node-mirror-missing = تنقص نسخةَ عقد السجل العقدةُ ({ $level }، { $index })
conflict-no-checkpoint-signed = لم تُوقَّع نقطة تحقق: { $finding }
invalid-tree-size = عدد قيود السجل { $count }
invalid-consistency-range = يجب أن يكون first ≤ second ≤ { $size } (حجم السجل)
record-ledger-entry = قيد السجل { $seq }
record-ledger-entry-in-tree = قيد السجل { $seq } في شجرة من { $size } قيد
record-checkpoint = نقطة التحقق { $id }
invalid-stored-checkpoint = نقطة التحقق المخزَّنة غير مقروءة: { $error }
conflict-no-host-party = لم تُحمَّل أي اتفاقية، فلا يوجد طرف مضيف
conflict-host-cannot-witness = { $party } يستضيف السجل ويوقّع نقاط التحقق فيه؛ لا يشهد عليها إلا طرف آخر
invalid-pinned-witness-key = مفتاح الشاهد المثبَّت للطرف { $party }: { $error }
invalid-witness-key = ليس مفتاح شاهد: { $error }
invalid-witness-key-not-pinned = تثبّت الاتفاقية مفتاح شاهد آخر للطرف { $party }؛ يتطلب المفتاح الجديد اتفاقية جديدة
invalid-stored-witness-key = مفتاح الشاهد المخزَّن { $id }: { $error }
conflict-no-witness-key = لم يسجّل { $party } مفتاح شاهد؛ يسجّله أحد مديري { $party }
invalid-signature-line = ليس سطر توقيع: { $error }
invalid-cosignature = لا يتحقق بمفتاح الشاهد { $key } للطرف { $party } على نقطة التحقق { $checkpoint } (الحجم { $size })
conflict-already-cosigned = وقّع { $party } توقيعًا مشتركًا على نقطة التحقق { $checkpoint } بالفعل

nav-sessions = الدورات المنعقدة
sessions-title = انعقادات الدورات
session-dates = التواريخ
session-place = المكان
session-status = الحالة
open = فتح
nominations-title = الترشيحات
nomination-priority = الأولوية
nomination-history = السجل
nomination-refused = رُفض الترشيح:
instructor-refused = لم يتغير المدرب:
nomination-refused-who = لا يمكن ترشيح { $who }:
nominate = ترشيح
nominee = المرشح
nominee-search = ابحث بالاسم أو الرقم العسكري أو الرتبة (مثل OR-5)
candidates-none = لا أحد من طرفك يطابق البحث ولم يُرشَّح بعد.
candidates-shown = يطابق البحث أكثر من { $shown }: اكتب المزيد لتضييق البحث.
comment = ملاحظة
approve = موافقة
accept = قبول
withdraw = سحب
session-new = انعقاد جديد
session-start = اليوم الأول
session-end = اليوم الأخير
session-quota = الحد الأقصى للمقاعد لـ
calendar-title = موجز التقويم
calendar-help = عنوان خاص تشترك فيه برامج التقويم، يسرد انعقادات الدورات في الدليل.
calendar-create = إنشاء عنوان تقويم
calendar-once = أضف هذا العنوان إلى برنامج التقويم. يظهر الآن فقط؛ ويمكن لكل من يملكه قراءة الموجز.

# Training after the two keys.
grade = الدرجة
result-reason = السبب
back-to-session = العودة إلى الدورة
vetting-title = التدقيق
vetting-check = الفحص
vetting-responsible = الطرف المسؤول
vetting-outcome = النتيجة
outcome-passed = ناجح
outcome-failed = راسب
outcome-pending = قيد الانتظار
outcome-completed = أتمّ الدورة
order-title = أمر السفر بالدعوة
order-reference = الرقم المرجعي
download-pdf = تنزيل ملف PDF
order-issue = إصدار أمر السفر
order-waits-vetting = لا يصدر أمر السفر قبل اجتياز جميع الفحوص.
order-none = لم يصدر أمر السفر بعد.
travel-title = الوصول والمغادرة
arrived-on = تاريخ الوصول
departed-on = تاريخ المغادرة
confirm-arrival = تأكيد الوصول
confirm-departure = تأكيد المغادرة
results-title = التدريب والنتائج
attendance-title = الحضور
day = اليوم
mark = الحالة
mark-present = حاضر
mark-absent = غائب
mark-excused = غياب بعذر
assessments-title = التقييمات
score = الدرجة (من 100)
recorded-by = سجّله
record = تسجيل
result-title = النتيجة النهائية
certificate-title = الشهادة
certificate-revoked = ملغاة
verify-title = التحقق من شهادة
certificate-revoke = إلغاء الشهادة
certificate-issue = إصدار الشهادة
evaluation-title = تقييم الدورة
evaluation-rating = تقييمك من 1 (ضعيف) إلى 5 (ممتاز)
evaluation-send = إرسال التقييم
sign-in-sheet = كشف حضور للطباعة
attendance-saved = تم حفظ الحضور.
attendance-nobody = لم يصل أحد إلى هذه الدورة بعد.
print = طباعة
abroad-title = من هم في الخارج
abroad-nobody = لا أحد في الخارج في هذا اليوم.
until = حتى
unit-not-released = الوحدة غير مُفصح عنها
nav-abroad = في الخارج
open-record = السجل
verify-valid = صالحة: هذه الوثيقة أصلية وغير معدّلة وسارية.
verify-invalid = غير صالحة.
verify-registry = في السجل
valid = صالحة
revoked = ملغاة
expired = منتهية الصلاحية
verify-holder = حاملها
verify-qualification = المؤهل
verify-issuer = الجهة المصدرة
verify-issued = تاريخ الإصدار
verify-expires = صالحة حتى
verify-unknown = لم تصدر شهادة بهذا الرقم
verify-upload = فحص وثيقة
verify-upload-lead = ارفع ملف PDF: يُفحص الختم والتوقيع وقيد السجل والصلاحية والإلغاء.
verify-file = ملف PDF
verify-check = تحقق
report-exchange-title = التبادل في الاتجاهين
report-exchange-lead = الأفراد الذين أرسلهم كل طرف واستضافهم ودرّبهم ومنحهم الشهادات، حسب الاتجاه ومجال التدريب، للدورات التي تبدأ خلال الفترة.
report-from = من
report-to = إلى
report-empty = لا تبدأ أي دورة في هذه الفترة.
report-direction = المُرسِل ← المُضيف
report-nominated = المرشحون
report-accepted = المقبولون
report-went = سافروا
report-completed = أتمّوا التدريب
report-certified = حصلوا على شهادة
report-total = جميع المجالات
nav-reports = التقارير
away-plan-title = من يغيب من وحداتنا ومتى
away-plan-lead = أفرادنا الذين لهم مقعد في دورة لم تنتهِ بعد، حتى عودتهم، حسب الوحدة.
nav-notifications = الإشعارات
notify-none = لا توجد إشعارات بعد.
notify-mark-read = تعليم الكل كمقروء
notify-email-title = البريد الإلكتروني
notify-email = أرسل إشعاراتي إلى هذا العنوان (فارغ: لا شيء)
notify-email-saved = تم حفظ العنوان.
notify-footer = اتفاق — منصة التدريب والاستشارات المشتركة. يمكنك تغيير عنوانك أو حذفه من صفحة الإشعارات.
notify-nominate = رُشّح { $person } لدورة { $session } من قبل { $by }: بانتظار موافقتكم.
notify-approve = وافق الطرف المُرسِل على { $person } لدورة { $session }: بانتظار قبولكم.
notify-accept = حصل { $person } على مقعد في دورة { $session }.
notify-waitlist = { $person } على قائمة الانتظار لدورة { $session }.
notify-promote = شغر مقعد: حصل { $person } على مقعد في دورة { $session }.
notify-cancel = أُلغيت دورة { $session }؛ انتهى ترشيح { $person }.
notify-withdraw = سُحب ترشيح { $person } لدورة { $session }.
notify-replace = استُبدل { $person } في دورة { $session }.
notify-order = صدر أمر سفر { $person } لدورة { $session }.
notify-arrive = وصل { $person } إلى دورة { $session }.
notify-depart = غادر { $person } بعد دورة { $session }.
notify-completed = أتمّ { $person } دورة { $session }.
notify-failed = لم يُتمّ { $person } دورة { $session }.
notify-certify = صدرت شهادة { $person } لدورة { $session }.
notify-vetting-failed = لم يجتز { $person } فحص { $check } لدورة { $session }.
replace-title = استبدال المرشّح
replace = استبدال
calendar-view-title = التقويم
calendar-mine = جدولي
calendar-feed-help = يعرض عنوان التقويم من صفحة حسابك الدورات نفسها عند إضافة ‎?institution=‎ أو ‎?unit=‎ أو ‎?person=‎ كما في عنوان هذه الصفحة.
nav-calendar = التقويم

# Course form
course-new = إضافة دورة
course-edit = تعديل دورة
course-language-help = رمز ISO 639-1 للغة التدريس في الدورة، مثل tr أو ar أو en.
course-min-rank = أدنى رتبة مقبولة
course-max-rank = أعلى رتبة مقبولة
course-requires = المؤهلات المطلوبة
course-requires-help = رموز المؤهلات مفصولة بفواصل، مثل EOD-1، CYB-1.
course-grants = المؤهل الممنوح عند الإتمام
course-description = مضمون الدورة

# Evaluation report
report-evaluations-title = آراء المتدربين في كل دورة
report-evaluations-lead = تقييمات المتدربين الذين أتموا دورة تبدأ في الفترة: عدد من أجاب، ومتوسط التقدير من 1 إلى 5، وتوزيع التقديرات. لا يظهر من أعطى أي تقدير.
report-session = الدورة
report-responses = أجاب / أتم
report-mean = متوسط التقدير
report-spread = التقديرات من 1 إلى 5
report-comments = الملاحظات
report-comments-hosts-only = تظهر الملاحظات للطرف المضيف للدورة فقط.

# Vetting level
vetting-level = المستوى المحدد
vetting-min-level = النجاح ابتداءً من

# Offline attendance
attendance-offline-kept = لا يوجد اتصال: تُحفظ هذه العلامات على هذا الجهاز وتُرسل عند عودة الاتصال. العلامات المنتظرة:
attendance-offline-sent = أُرسلت العلامات المحفوظة على هذا الجهاز. الأيام المرسلة:
attendance-offline-refused = رفض الخادم علامات محفوظة على هذا الجهاز؛ أدخلها من جديد:
## Deconfliction
nav-decon = منع الاحتكاك
decon-title = الأنشطة المعلنة
decon-lead = أنشطة معلنة بنطاق جغرافي ونطاق ارتفاع ونافذة زمنية. أنشطتكم كاملة، وأنشطة الطرف الآخر بقدر ما تتيحه الاتفاقية (النطاق والوقت والارتفاع والنوع).
decon-new = إعلان نشاط
decon-map = خريطة منع الاحتكاك
decon-conflicts-now = التعارضات بين الأنشطة المؤكدة
decon-empty = لا توجد أنشطة معلنة.
decon-kind = النوع
decon-window = النافذة الزمنية
decon-altitude = نطاق الارتفاع
decon-unit = الوحدة
decon-status = الحالة
decon-form-lead = يُظهر فحص الإعلان تعارضاته مع الأنشطة المؤكدة للأطراف الأخرى، ولا يُؤكَّد إلا بعد ذلك.
decon-start = البداية
decon-end = النهاية
decon-altitude-lo = أدنى ارتفاع (م فوق سطح البحر)
decon-altitude-hi = أعلى ارتفاع (م فوق سطح البحر)
decon-separation = الفصل الأفقي المطلوب (م)
decon-vertical-separation = الفصل العمودي المطلوب (م)
decon-time-buffer = الهامش الزمني (دقائق)
decon-unit-hint = لا يُتاح للطرف الآخر.
decon-footprint = النطاق الجغرافي
decon-footprint-hint = أدخل واحداً: نص GeoJSON (Polygon أو MultiPolygon أو LineString لمسار أو Point مع radius_m)، أو ملف ‎.geojson، أو دائرة.
decon-footprint-text = GeoJSON
decon-footprint-file = ملف GeoJSON
decon-position = الموقع
decon-map-show = إظهار على الخريطة
decon-draw-title = أو ارسمه على الخريطة
decon-draw-hint = منطقة أو مسارًا أو دائرة بأزرار الخريطة؛ يملأ الرسم الحقول أعلاه، وتبقى الحقول سبيل إدخاله من لوحة المفاتيح.
decon-draw-first-vertex = انقر لوضع النقطة الأولى
decon-draw-continue = انقر لوضع النقطة التالية
decon-draw-finish-line = انقر النقطة الأخيرة مرة أخرى لإنهاء المسار
decon-draw-finish-poly = انقر النقطة الأولى لإغلاق المنطقة
decon-draw-start-circle = انقر لوضع مركز الدائرة
decon-draw-finish-circle = انقر لتحديد نصف قطر الدائرة
decon-draw-finish = إنهاء
decon-draw-cancel = إلغاء
decon-draw-undo = حذف النقطة الأخيرة
decon-draw-polygon = منطقة
decon-draw-route = مسار
decon-draw-circle = دائرة
decon-draw-edit = تحريك النقاط
decon-draw-remove = حذف الرسم
decon-circle-lon = خط طول مركز الدائرة (°شرقاً)
decon-circle-lat = خط عرض مركز الدائرة (°شمالاً)
decon-circle-radius = نصف قطر الدائرة (م)
decon-third-state = دولة ثالثة
decon-third-hint = لنشاط دولة ثالثة فقط؛ لا يراه إلا ضباط منع الاحتكاك.
decon-third-code = رمز الدولة (مثل RUS)
decon-third-name = اسم الدولة
decon-check = فحص التعارضات
decon-amend = تعديل
decon-version = الإصدار
decon-draft-lead = هذه مسودة لا يراها أحد غيركم بعد. راجعوا تعارضاتها أدناه ثم أكدوها.
decon-declared-by = أعلنه
decon-conflicts = التعارضات
decon-no-conflicts = لا تعارض مع الأنشطة المؤكدة للأطراف الأخرى.
decon-with = مع
decon-distance = المسافة
decon-overlap = التداخل الزمني
decon-confirm = تأكيد
decon-cancel = إلغاء النشاط
decon-map-lead = حدود الدول مضمّنة في التطبيق: لا تحتاج الخريطة إلى الإنترنت. حرّك المؤشر لرؤية ما هو جارٍ في لحظة ما؛ التعارضات باللون الأحمر.
decon-map-at = الوقت
decon-map-whole-period = الفترة كاملة
decon-map-active = نشاط معلن
decon-map-conflict = في تعارض
decon-map-none = لا تعارض في هذا الوقت.
decon-kind-exercise = تمرين
decon-kind-flight = طيران
decon-kind-demining = إزالة ألغام
decon-kind-convoy = قافلة
decon-kind-firing = رماية حية
decon-kind-other = أخرى
decon-status-draft = مسودة
decon-status-confirmed = مؤكد
decon-status-amended = معدَّل
decon-upcoming = الأنشطة الجارية أو القادمة؛ الأقدم منها على الخريطة وفي واجهة البرمجة (from=).
decon-separations = الفواصل (أفقي · عمودي · زمني)
decon-status-cancelled = ملغى

# Deconfliction refusals: the declaration, its footprint and the engine's faults
forbidden-third-state = لا يُدخل نشاط دولة ثالثة إلا ضابط منع الاحتكاك
invalid-state-code = "{ $code }" ليس رمز دولة: من حرفين إلى أربعة أحرف كبيرة، مثل RUS
invalid-third-state-is-party = { $code } طرف في الاتفاقية وليس دولة ثالثة
invalid-state-name = اسم الدولة مطلوب (100 حرف على الأكثر)
invalid-altitude-pair = أدخل رقمين، الحد الأدنى والحد الأعلى بالأمتار (أُدخل { $count })
invalid-footprint-timeout = تعذّر فحص النطاق في الوقت المحدد: أدخل مواقع أقل
invalid-footprint-positions = يضم النطاق { $count } موقعًا، أكثر من الحد المقبول وهو { $max }
invalid-feature-no-geometry = لا توجد هندسة (geometry) في كائن Feature
invalid-feature-collection = يجب أن تضم FeatureCollection عنصرًا واحدًا بالضبط (تضم { $count })؛ أعلن كل نشاط على حدة
invalid-geojson-no-type = ليس كائن GeoJSON: لا يحتوي على "type"
invalid-footprint-type = لا يصلح { $type } نطاقًا: أدخل Polygon أو MultiPolygon أو LineString أو Point مع radius_m
invalid-geojson = GeoJSON { $kind } غير صالح: { $error }
invalid-not-geojson = ليس GeoJSON: { $error }
invalid-upload-not-geojson = الملف المرفوع ليس GeoJSON: { $error }
invalid-rfc3339 = "{ $text }" ليس وقتًا وفق RFC 3339 مع المنطقة الزمنية، مثل 2027-03-01T06:00:00Z
invalid-out-of-range = خارج النطاق المسموح
invalid-stored-footprint = النطاق المخزَّن للإعلان { $code } غير مقروء: { $error }
invalid-activity = تعذّر فحص النشاط: { $error }
conflict-declaration-not-draft = الإعلان { $code } في حالة { $status }؛ لا تُؤكَّد إلا المسودة
conflict-declaration-already-cancelled = الإعلان { $code } ملغى بالفعل
invalid-declaration-party-fixed = الإعلان { $code } نشاط للطرف { $party }؛ لا يمكن تغيير طرفه
decon-ring-shell = الحلقة الخارجية للمضلع { $polygon }
decon-ring-hole = الفجوة { $ring } في المضلع { $polygon }
decon-fault-schema = سجل غير صالح: { $detail }
decon-fault-empty-id = المعرّف فارغ
decon-fault-not-finite = { $field } ليس عددًا منتهيًا (NaN)
decon-fault-negative = { $field } سالب ({ $value })
decon-fault-latitude = خط العرض { $lat } خارج ±90
decon-fault-longitude = خط الطول { $lon } خارج ±180
decon-fault-bad-position = يضم أحد المواقع { $count } من الأرقام، والمتوقع 2 أو 3
decon-fault-ring-too-few = { $ring }: في الحلقة { $got } من المواقع، أقل من { $need }
decon-fault-route-too-few = في المسار { $got } من المواقع، أقل من { $need }
decon-fault-unclosed = { $ring }: حلقة غير مغلقة (الموقعان الأول والأخير مختلفان)
decon-fault-degenerate = { $ring }: الحلقة لا تحيط بأي مساحة
decon-fault-self-intersecting = { $ring }: حلقة متقاطعة ذاتيًا
decon-fault-rings-cross = المضلع { $polygon }: الحلقتان { $a } و{ $b } متقاطعتان
decon-fault-hole-outside = { $ring }: الفجوة خارج الحلقة الخارجية
decon-fault-empty = هندسة فارغة
decon-fault-too-large = تمتد إحدى الحلقات على أكثر من 80° (أكبر من المدعوم)
decon-fault-antipodal = ضلع في المسار بين موقعين شبه متقابلين قطريًا على الكرة الأرضية
decon-fault-missing-radius = نطاق من نوع Point دون radius_m
decon-fault-altitude-inverted = الحد الأدنى لـ altitude_m { $lo } أعلى من الحد الأعلى { $hi }
decon-fault-end-not-after-start = النهاية ليست بعد البداية

# Seat allocation (issue 5).
nav-allocation = توزيع المقاعد
alloc-title = توزيع المقاعد
alloc-lead = املأ مقاعد الدورات التي تبدأ في فترة ما من الترشيحات الحالية وفق جميع القواعد، ثم راجع الخطة وعدّلها واعتمدها. يعتمد المكتب المشترك لكل طرف التشغيل نفسه؛ والمفتاح الثاني يطبّقها.
alloc-run = شغّل التوزيع
alloc-runs = التشغيلات
alloc-no-runs = لم يُشغَّل أي توزيع بعد.
alloc-period = الفترة
alloc-objective = القيمة الممنوحة
alloc-bound = الحد الأعلى
alloc-gap = الفارق عن الحد
alloc-granted = مُنح
alloc-refused = لم يُمنح
alloc-keys = المفاتيح
alloc-created = شغّله
alloc-run-title = تشغيل التوزيع
alloc-parent = يعدّل التشغيل
alloc-no-keys = لم يعتمد أي طرف هذا التشغيل.
alloc-commit-help = الاعتماد يسجّل مفتاح طرفك على هذه الخطة. عندما يعتمدها الطرفان تُوافَق الترشيحات الممنوحة وتُقبَل، وتذهب الأخرى إلى قائمة الانتظار مع سببها (أو تُسحب إن لم تكن مؤهلة).
alloc-commit = اعتمد هذه الخطة عن طرفي
alloc-sessions = المقاعد لكل دورة
alloc-nominations = الترشيحات
alloc-seats = الممنوح / السعة
alloc-fairness = الإنصاف
alloc-fairness-help = حصة الوزن المرشَّح التي مُنحت، وحصة الأشخاص الذين تحقق خيارهم الأول (الأولوية الأعلى).
alloc-by-party = حسب الطرف
alloc-by-unit = حسب الوحدة
alloc-weight-nominated = الوزن المرشَّح
alloc-weight-granted = الوزن الممنوح
alloc-weight-share = الحصة الممنوحة
alloc-people = الأشخاص المرشحون
alloc-first-met = الخيارات الأولى المحققة
alloc-first-share = حصة الخيارات الأولى
alloc-changes = التغييرات منذ التشغيل السابق
alloc-changes-from = مقارنة بالتشغيل
alloc-no-changes = لكل ترشيح القرار نفسه كما في التشغيل السابق.
alloc-before = قبل
alloc-after = الآن
alloc-first-run = هذا أول تشغيل لهذه الفترة.
alloc-plan = كل الترشيحات وقراراتها
alloc-adjust-help = ثبّت ترشيحًا لمنحه أيًّا كانت الأوزان، أو امنعه لرفضه، ثم أعد الحل: يُنشأ تشغيل جديد من هذا التشغيل.
alloc-unit = الوحدة
alloc-status-at-run = الحالة عند التشغيل
alloc-decision = القرار
alloc-adjust = تعديل
alloc-pinned = مثبّت
alloc-pin = تثبيت
alloc-forbid = منع
alloc-resolve = أعد الحل بهذه التعديلات
alloc-absent = ليس في التشغيل
alloc-state-proposed = مقترح
alloc-state-committed = اعتمده الطرفان
alloc-state-superseded = حلّ محله تشغيل أحدث
alloc-reason-ineligible-rank = لم يُمنح: الرتبة خارج نطاق الدورة
alloc-reason-ineligible-language = لم يُمنح: لا يتحدث لغة التدريس
alloc-reason-missing-prerequisite = لم يُمنح: ينقصه متطلب سابق
alloc-reason-capacity = لم يُمنح: الدورة ممتلئة
alloc-reason-quota = لم يُمنح: استُنفدت حصة الطرف
alloc-reason-person-overlap = لم يُمنح: يتداخل مع دورة أخرى للشخص
alloc-reason-person-limit = لم يُمنح: بلغ الشخص حده من الدورات
alloc-reason-unit-away-limit = لم يُمنح: سيغيب عدد كبير جدًا من الوحدة في آن واحد
alloc-reason-lower-weight = لم يُمنح: ذهبت المقاعد إلى أولويات أعلى
alloc-reason-forbidden = لم يُمنح: مُنع يدويًا

# Seat allocation refusals
corrupt-pins = التثبيتات في { $what }
corrupt-forbids = الترشيحات المحظورة في { $what }
conflict-allocator-stopped = توقف محرك التوزيع: { $error }
invalid-period-not-allocatable = تعذّر توزيع المقاعد على بيانات الفترة: { $error }
conflict-run-instance-unreadable = مدخلات تشغيل التوزيع { $id } غير مقروءة: { $error }
conflict-run-result-unreadable = نتيجة تشغيل التوزيع { $id } غير مقروءة: { $error }
conflict-run-committed = تشغيل التوزيع { $id } معتمد من الطرفين بالفعل
conflict-run-superseded = حلّ التشغيل { $newer } محل تشغيل التوزيع { $id }؛ راجع ذلك التشغيل واعتمده
conflict-run-committed-by = اعتمد الطرف { $party } تشغيل التوزيع { $id } بالفعل
conflict-run-inputs-changed = تغيّرت الدورات أو الترشيحات في الفترة من { $from } إلى { $to } منذ تشغيل التوزيع { $id } ({ $changes })؛ شغّل التوزيع من جديد
run-codes = { $codes }
run-codes-more = { $codes } و{ $count } غيرها
run-changed = ما تغيّر
run-changed-sessions = تغيّرت دورات ({ $count }): { $codes }
run-changed-added = أُضيفت ترشيحات ({ $count }) إلى { $codes }
run-changed-gone = خرجت ترشيحات ({ $count }) من التشغيل، من { $codes }
run-changed-priority = تغيّرت أولوية ترشيحات ({ $count }) في { $codes }
run-changed-people = تغيّر سجل مرشحين ({ $count })
run-changed-units = تغيّر الحد الأقصى لوحدات ({ $count })
run-changed-courses = تغيّرت المقررات أو الأطراف
run-changed-unknown = تعذّرت قراءة تفاصيل المدخلات السابقة
conflict-run-not-committed-by = لم يعتمد الطرف { $party } التشغيل { $id }

## hotline
nav-hotline = الخط الساخن
hotline-lead = رسائل بين ضباط منع التصادم لدى الطرفين. يجب الإقرار بكل رسالة قبل انقضاء مهلتها؛ وإلا تُصعَّد إلى الضابط التالي في الجدول، ثم إلى المكتب المشترك.
hotline-inbox = الوارد
hotline-outbox = المرسل
hotline-none = لا رسائل.
hotline-compose = رسالة جديدة
hotline-to = إلى
hotline-from = من
hotline-priority = الأولوية
hotline-priority-routine = عادية
hotline-priority-urgent = عاجلة
hotline-priority-flash = فورية
hotline-subject = الموضوع
hotline-declaration = النشاط المعلن (الرمز، اختياري)
hotline-body = الرسالة
hotline-send = إرسال
hotline-sent = وقت الإرسال
hotline-deadline = مهلة الإقرار
hotline-overdue = متأخرة
hotline-waiting-on = بانتظار
hotline-reply = رد (اختياري)
hotline-acknowledge = إقرار
hotline-acknowledged-by = أقرّ بها
hotline-status-sent = بانتظار الإقرار
hotline-status-escalated = صُعِّدت
hotline-status-joint-office = صُعِّدت إلى المكتب المشترك
hotline-status-acknowledged = تم الإقرار
hotline-level = المستوى
hotline-roster = جدول التصعيد
hotline-roster-help = الضابط المناوب أولًا؛ الرسالة المتأخرة تذهب إلى الضابط التالي، وبعد الأخير إلى المكتب المشترك.
hotline-roster-empty = لا جدول: يُبلَّغ كل ضباط منع التصادم بالرسالة الجديدة، والمتأخرة تذهب إلى المكتب المشترك.
hotline-roster-edit = أسماء مستخدمي الضباط، اسم في كل سطر، المناوب أولًا
hotline-thread = محادثة الخط الساخن
hotline-back = العودة إلى الخط الساخن
hotline-answer = الرد في هذه المحادثة
notify-hotline-message = الخط الساخن ({ $priority ->
        [flash] فورية
        [urgent] عاجلة
       *[other] عادية
    }) من { $from }: { $subject } — يُرجى الإقرار.
notify-hotline-escalated = صُعِّدت إليك (المستوى { $level }): رسالة الخط الساخن من { $from }، { $subject }، لم يُقَرّ بها.
notify-hotline-joint-office = صُعِّدت إلى المكتب المشترك: رسالة الخط الساخن من { $from }، { $subject }، لم يُقرّ بها أي ضابط.
notify-hotline-acknowledged = أقرّ { $from } برسالتك على الخط الساخن { $subject } ({ $by }).

nomination-status-nominated = مرشَّح
nomination-status-approved = موافَق عليه
nomination-status-accepted = مقبول
nomination-status-waitlisted = قائمة الانتظار
nomination-status-withdrawn = مسحوب
nomination-status-cancelled = ملغى
nomination-status-completed = مكتمل
nomination-status-failed = راسب
unit-nominations-title = ترشيحات { $unit }
unit-nominations-lead = ترشيحات أفراد الوحدة، الأحدث أولاً، مع حالة كل منها.
unit-nominations-host = الطرف المضيف
nomination-last-step = الخطوة الأخيرة

## كلمات المرور وإبطاء تسجيل الدخول والأختام (المسألة 16)
password-too-short = يجب ألا تقل كلمة المرور عن 10 أحرف.
password-too-long = يجب ألا تزيد كلمة المرور على 1024 بايت.
password-like-username = يجب ألا تحتوي كلمة المرور على اسم المستخدم أو تشبهه.
password-guessable = كلمة المرور سهلة التخمين: كلمة مرور شائعة أو مسرّبة، أو نمط، أو كلمة بتغييرات طفيفة.
username-other-party = يجب ألا يبدأ اسم المستخدم برمز الطرف الآخر.
signin-throttled = محاولات دخول فاشلة كثيرة بهذا الاسم من هذا العنوان: أعد المحاولة بعد { $seconds } ثانية.
seal-awaiting = بانتظار ختم { $party }: يوقّع على جهازه الخاص.
unit-commanded = الوحدة التي يقودها
unit-commanded-hint = مطلوب لقائد الوحدة: الأشخاص الذين يراهم ويرشحهم هم أفراد هذه الوحدة والوحدات التابعة لها.
unit-change = تغيير الوحدة
instructors-title = المدربون
instructors-none = لا يوجد مدرب لهذه الدورة بعد؛ لا يرى متدربيها ولا يسجل حضورهم إلا مدربوها.
instructor-assign = تعيين مدرب
instructor-release = إعفاء
step-nominate = رُشِّح
step-approve = وافق عليه الطرف المرسِل
step-accept = قبله الطرف المضيف
step-waitlist = وُضع على قائمة الانتظار
step-promote = مُنح مقعدًا شاغرًا
step-withdraw = سُحب الترشيح
step-replace = استُبدل بغيره
step-cancel = أُلغي مع الدورة
step-order = صدر أمر السفر
step-arrive = وصل
step-depart = غادر
step-completed = أتم الدورة
step-failed = لم يتم الدورة
step-certify = صدرت الشهادة
step-vetting = فحص { $check }: { $outcome }
session-status-planned = مخطط لها
session-status-open = مفتوحة للترشيح
session-status-confirmed = مؤكدة
session-status-running = جارية
session-status-completed = مكتملة
session-status-cancelled = ملغاة
vetting-outcome-passed = اجتاز
vetting-outcome-failed = لم يجتز
audit-action-create = أُنشئ
audit-action-update = عُدِّل
audit-action-archive = أُرشف
audit-action-status = تغيّرت الحالة
audit-action-link = رُبط الحساب بصاحبه
audit-action-set-unit = حُدّدت الوحدة التي يقودها
audit-action-unlock-sign-in = فُتح قفل الدخول
audit-action-enable-totp = فُعّل عامل التحقق الثاني
audit-action-disable-totp = أُوقف عامل التحقق الثاني
audit-action-create-calendar-feed = أُنشئ عنوان التقويم
audit-action-assign-instructor = عُيّن مدرب
audit-action-release-instructor = أُعفي مدرب
audit-action-email = حُدّد عنوان البريد
audit-action-load = حُمّلت الاتفاقية
audit-action-qualify = مُنحت الأهلية
audit-action-assess = سُجّل التقييم
audit-action-attendance = سُجّل الحضور
audit-action-evaluate = قُيّمت الدورة
audit-action-issue = صدرت الوثيقة
audit-action-revoke = أُلغيت الشهادة
audit-action-request-seal = طُلب الختم
audit-action-register-witness-key = سُجّل مفتاح الشاهد
audit-action-declare = أُعلن النشاط
audit-action-confirm = أُكّد
audit-action-amend = عُدّل (تصحيح)
audit-action-cancel = أُلغي
audit-action-run = نُفّذ التوزيع
audit-action-resolve = أُعيد التوزيع
audit-action-commit = أُدير المفتاح على الخطة
audit-action-committed = طُبّقت الخطة
audit-action-hotline-send = أُرسلت رسالة الخط الساخن
audit-action-hotline-ack = أُقرّ باستلام رسالة الخط الساخن
audit-action-hotline-escalate = صُعّدت رسالة الخط الساخن
audit-action-hotline-roster = تغيّر جدول مناوبة الخط الساخن
object-kind-agreement = الاتفاقية
object-kind-allocation-run = التوزيع
object-kind-certificate = الشهادة
object-kind-travel-order = أمر السفر
object-kind-course = الدورة التدريبية
object-kind-declaration = النشاط المعلن
object-kind-hotline-message = رسالة الخط الساخن
object-kind-hotline-roster = جدول المناوبة
object-kind-institution = المؤسسة
object-kind-nomination = الترشيح
object-kind-person = الشخص
object-kind-engagement-plan = خطة عمل
object-kind-seal-request = طلب ختم
object-kind-session = الدورة
object-kind-unit = الوحدة
object-kind-user = الحساب
object-kind-witness-key = مفتاح الشاهد

email-status-none = لا عنوان
email-status-pending = بانتظار الإرسال بالبريد الإلكتروني
email-status-sent = أُرسل بالبريد الإلكتروني
email-status-failed = تعذّر الإرسال بالبريد الإلكتروني

ineligible-rank-below = الرتبة: { $rank } أدنى من أدنى رتبة للدورة { $min }
ineligible-rank-above = الرتبة: { $rank } أعلى من أعلى رتبة للدورة { $max }
ineligible-language = اللغة: تُدرَّس الدورة بلغة { $course } التي لا يتحدثها الشخص ({ $spoken })
ineligible-prerequisite = المتطلب السابق: تتطلب الدورة المؤهل { $qualification }
ineligible-overlap = تعارض: ملتزم بالفعل بالدورة { $session } ({ $start } – { $end })
ineligible-unit-cap = حد الوحدة: لا يجوز أن يغيب من الوحدة { $unit } أكثر من { $cap } أشخاص في وقت واحد

error-field = { $field }: { $message }
error-unexpected = حدث خطأ غير متوقع؛ وقد سُجِّل
error-does-not-exist = { $what } غير موجود
error-corrupt = تتعذر قراءة { $what }؛ لم يتغير شيء
error-no-page = لا توجد صفحة على { $path }
ineligible = غير مؤهل

record-of = { $kind } { $id }
corrupt-status = حالة { $what }
corrupt-quota = حصة { $what }
corrupt-plan = خطة { $what }
corrupt-footprint = نطاق { $what }
corrupt-email-status = حالة البريد الإلكتروني لـ { $what }

# Records named in refusals, and refusals of records of another party
record-travel-order = أمر السفر للترشيح { $id }
record-document = المستند { $reference }
record-notification = الإشعار { $id }
calendar-of = تقويم { $what }
vetting-check-of = تدقيق { $check } للترشيح { $id }
corrupt-vetting-outcome = نتيجة سجل التدقيق { $id }
forbidden-not-own = { $what } ليس للطرف { $party }؛ لا يستطيع مستخدمو { $party } تغييره
forbidden-other-party-record = { $what } يخص الطرف { $party }؛ لا يستطيع مستخدمو { $own } تغييره
conflict-code-exists = الرمز: { $what } موجود بالفعل
conflict-username-taken = username: { $username } مستخدم بالفعل
conflict-service-number-registered = service_number: { $number } مسجّل بالفعل للطرف { $party }
conflict-already-evaluated = الترشيح { $id } مُقيَّم بالفعل
invalid-stored-agreement = لم تعد الاتفاقية المخزَّنة تجتاز الفحص: { $fault }
invalid-period-ends-before = تنتهي الفترة ({ $to }) قبل أن تبدأ ({ $from })
invalid-email = "{ $email }" ليس عنوان بريد إلكتروني
forbidden-no-account-address = لا يكون العنوان إلا لحساب
invalid-no-randomness = تعذّر توليد أرقام عشوائية: { $error }


invalid-search-too-long = لا يتجاوز البحث { $max } حرفًا
invalid-search-words = لا يقبل البحث أكثر من { $max } كلمات
invalid-date = "{ $text }" ليس تاريخًا (YYYY-MM-DD)
invalid-comment = يجب ألا يتجاوز 1000 حرف دون أحرف تحكم
invalid-code-length = يجب أن يكون من 1 إلى 64 حرفًا
invalid-session-ends-before = تنتهي الدورة قبل أن تبدأ
invalid-at-least-one = يجب أن يكون 1 على الأقل
invalid-required = مطلوب
invalid-not-a-party = { $party } ليس طرفًا في الاتفاقية
invalid-quota-negative = حصة { $party } سالبة
invalid-priority = يجب أن تكون من 1 (الأعلى) إلى 9
invalid-archived = { $what } مؤرشف
invalid-step = "{ $step }" ليست خطوة تُتخذ هنا
invalid-nomination-status = "{ $status }" ليست حالة ترشيح ({ $codes })
invalid-page-without-per-page = دون per_page تكون كل الترشيحات في الصفحة 1
invalid-same-person = البديل هو الشخص نفسه
conflict-session-not-open = الدورة { $session } في حالة { $status }، وليست مفتوحة للترشيح
conflict-already-nominated = الشخص { $person } مرشح بالفعل للدورة { $session }
conflict-cannot-step = الترشيح { $id } في حالة { $status }؛ { $step }
conflict-not-awaiting-approval = الترشيح { $id } في حالة { $status }، وليس بانتظار الموافقة
conflict-approve-before-accept = الترشيح { $id } في حالة { $status }؛ يجب أن يوافق الطرف المرسل قبل قبول المضيف
conflict-already = الترشيح { $id } في حالة { $status } بالفعل
conflict-session-move = الدورة { $session } في حالة { $status } ولا يمكن أن تصبح { $to }
conflict-cannot-replace = الترشيح { $id } في حالة { $status } ولا يمكن استبداله
forbidden-unit-nominations = الوحدة { $unit }: لا تُعرض ترشيحات الوحدة إلا لطرفها
forbidden-not-you = الشخص { $person } ليس أنت
do-step-nominate = لا يمكن ترشيحه
do-step-approve = لا يمكن الموافقة عليه
do-step-accept = لا يمكن قبوله
do-step-waitlist = لا يمكن وضعه على قائمة الانتظار
do-step-promote = لا يمكن منحه مقعدًا شاغرًا
do-step-withdraw = لا يمكن سحبه
do-step-replace = لا يمكن استبداله
do-step-cancel = لا يمكن إلغاؤه
do-step-order = لا يمكن إصدار أمر سفر له
do-step-arrive = لا يمكن تسجيل وصوله
do-step-depart = لا يمكن تسجيل مغادرته
do-step-completed = لا يمكن اعتباره مكملًا للدورة
do-step-failed = لا يمكن اعتباره غير مكمل للدورة
do-step-certify = لا يمكن إصدار شهادة له

conflict-status-cannot = الترشيح { $id } في حالة { $status }؛ لا يمكن { $doing }
doing-record-vetting = تسجيل التدقيق
doing-issue-order = إصدار أمر سفر
doing-confirm-arrival = تأكيد الوصول
doing-record-assessment = تسجيل تقييم
doing-record-result = تسجيل نتيجة
doing-issue-certificate = إصدار شهادة
invalid-person-other-party = الشخص ينتمي إلى طرف غير طرف الحساب
invalid-vetting-outcome = "{ $outcome }" ليست ناجحة ولا راسبة
invalid-check = "{ $check }" ليس تدقيقًا تشترطه الاتفاقية ({ $codes })
invalid-check-no-level = تدقيق { $check } لا يسجّل مستوى
invalid-check-needs-level = تدقيق { $check } يسجّل المستوى المكتشف على مقياس { $scale }
invalid-level-below = { $level } أدنى من { $min } الذي تشترطه الاتفاقية لاجتياز تدقيق { $check }
conflict-order-issued = أمر السفر للترشيح { $id } صادر بالفعل
conflict-vetting-incomplete = لا أمر سفر قبل اجتياز كل عمليات التدقيق؛ لم يُجتز بعد: { $missing }
conflict-arrival-confirmed = وصول الترشيح { $id } مؤكَّد بالفعل
conflict-no-order = لا أمر سفر للترشيح { $id } بعد
invalid-day-after-end = { $day } بعد انتهاء الدورة ({ $end })
conflict-not-arrived = لم يصل صاحب الترشيح { $id }
conflict-departure-confirmed = مغادرة الترشيح { $id } مؤكَّدة بالفعل
invalid-day-before-arrival = { $day } قبل الوصول ({ $arrived })
invalid-mark = الترشيح { $id }: "{ $mark }" ليست من بين { $codes }
forbidden-not-teaching = أنت لا تدرّس في الدورة { $session }
conflict-no-attendance = الدورة { $session } في حالة { $status }؛ لا يُسجَّل الحضور
invalid-not-a-day = { $day } ليس يومًا من أيام الدورة { $session } ({ $start } – { $end })
invalid-not-of-session = الترشيح { $id } لا يخص الدورة { $session }
invalid-not-arrived-on = لم يكن صاحب الترشيح { $id } قد وصل في { $day }
invalid-name-length = يجب أن يكون من 1 إلى 120 حرفًا
invalid-score = { $score } ليست بين 0 و100
invalid-grade-length = يجب ألا يتجاوز 32 حرفًا
invalid-result-outcome = "{ $outcome }" ليست مكتملة ولا راسبة
invalid-failure-reason = يجب ذكر سبب الرسوب
conflict-no-results = الدورة { $session } في حالة { $status }؛ تُسجَّل النتائج بعد بدئها
invalid-rating = { $rating } ليست بين 1 و5
forbidden-not-the-trainee = لا يقيّم الدورة إلا المتدرب صاحب الترشيح { $id }
conflict-not-attended = لم يحضر صاحب الترشيح { $id } الدورة
conflict-certificate-issued = شهادة الترشيح { $id } صادرة بالفعل
invalid-revocation-reason = يجب ذكر سبب الإلغاء
conflict-revoked = الشهادة { $code } ملغاة بالفعل

auth-sign-in-first = سجّل الدخول أولًا
auth-no-policy = لا توجد سياسة وصول لـ { $method } { $path }
auth-sign-in-first-api = سجّل الدخول أولًا: أرسل رمز bearer من POST /api/v1/login
auth-role-may-not = لا يجوز لدور { $role } استخدام { $method } { $path }
auth-wrong-password = اسم مستخدم غير معروف أو كلمة مرور خاطئة
auth-throttled = محاولات دخول فاشلة كثيرة بهذا الاسم من هذا العنوان: أعد المحاولة بعد { $seconds } ثانية
auth-needs-code = يحتاج هذا الحساب إلى رمز المصادقة
auth-wrong-code = رمز المصادقة خاطئ أو استُخدم من قبل

invalid-one-of = "{ $value }" ليست من بين { $codes }
invalid-party-code = "{ $text }" ليس رمز طرف (من حرفين إلى أربعة أحرف كبيرة، مثل TR)
invalid-rank = "{ $text }" ليس رمزًا وفق STANAG 2116 (OR-1…OR-9، WO-1…WO-5، OF-1…OF-10)
invalid-rank-grade = الدرجة { $grade } خارج 1..={ $max } لهذه الفئة
invalid-role = "{ $code }" ليس دورًا؛ المتوقع أحد: { $codes }
invalid-page = { $page } ليست صفحة من 1 إلى { $max }
invalid-per-page = { $per_page } ليست من 1 إلى { $max }
invalid-scale = "{ $scale }" ليست "cefr" ولا "stanag6001"
invalid-cefr = "{ $level }" ليس مستوى CEFR (A1، A2، B1، B2، C1، C2)
invalid-stanag = "{ $level }" ليس ملفًا وفق STANAG 6001: أربعة مستويات من 0 إلى 5 (الاستماع، التحدث، القراءة، الكتابة)، لكل منها + اختيارية، مثل 3232 أو 2+222
invalid-too-long = أطول من { $max } حرفًا
invalid-control-characters = يحتوي على أحرف تحكم
invalid-service-number = لا يجوز أن يحتوي إلا على أحرف وأرقام وشرطات
invalid-language = "{ $code }" ليس رمز ISO 639-1 مثل ar أو tr أو en
invalid-qualification = "{ $code }" ليس رمز مؤهل (أحرف كبيرة، أرقام، -)
invalid-unit-required = يجب تحديد وحدة

invalid-idempotency-key-required = مطلوب (ترويسة Idempotency-Key أو الحقل idempotency_key)، كي لا تُرسَل الرسالة مرتين عند إعادة المحاولة
invalid-idempotency-key = يجب أن يكون من 1 إلى { $max } من أحرف ASCII المرئية
forbidden-hotline-send = لا يرسل رسائل الخط الساخن إلا ضابط منع تعارض مسجّل الدخول
invalid-reply-to = الرد على الرسالة { $id } يذهب إلى { $to } لا إلى { $given }
invalid-to-required = مطلوب: رمز الطرف المستقبل
invalid-to-own = الخط الساخن بين الطرفين؛ { $party } هو طرفك
invalid-to-party = "{ $party }" ليس طرفًا في الاتفاقية (المتوقع { $codes })
conflict-key-in-use = idempotency_key "{ $key }" قيد الاستخدام
conflict-key-used = استُخدم idempotency_key "{ $key }" من قبل للرسالة { $id } بمحتوى آخر؛ استخدم مفتاحًا جديدًا لرسالة جديدة
forbidden-hotline-ack = لا يؤكد الاستلام إلا ضابط منع تعارض مسجّل الدخول
forbidden-ack-other = الرسالة { $id } موجهة إلى { $party }؛ لا يؤكد استلامها إلا { $party }
conflict-already-acknowledged = أكد { $by } استلام الرسالة { $id } بالفعل
invalid-roster-size = لا تضم القائمة أكثر من 50 ضابطًا
invalid-roster-account = "{ $name }" ليس حسابًا لدى { $party }
invalid-roster-officer = "{ $name }" ليس ضابط منع تعارض نشطًا
invalid-roster-twice = "{ $name }" مدرج في القائمة مرتين
invalid-code = "{ $code }" ليس رمزًا (أحرف، أرقام، - و_)
invalid-text-200 = يجب ألا يتجاوز 200 حرف دون أحرف تحكم
invalid-text-4000 = يجب ألا يتجاوز 4000 حرف دون أحرف تحكم
invalid-negative = يجب ألا يكون سالبًا
conflict-archived-edit = { $what } مؤرشف ولا يمكن تعديله
invalid-unit-cycle = لا يمكن وضع وحدة تحت نفسها أو تحت إحدى وحداتها الفرعية
conflict-already-archived = { $what } مؤرشف بالفعل
conflict-unit-members = لا يزال في الوحدة { $unit } { $count } من الأعضاء النشطين؛ انقلهم أو أرشفهم أولًا
conflict-unit-children = لا يزال للوحدة { $unit } { $count } من الوحدات الفرعية النشطة
invalid-domain = "{ $domain }" ليس مجال تدريب في الاتفاقية
invalid-max-rank = { $max } أدنى من أدنى رتبة { $min }
invalid-article = لا توجد في الاتفاقية مادة "{ $article }"
invalid-no-session-in-period = لا دورة مفتوحة للتوزيع تبدأ من { $from } إلى { $to }
invalid-pinned-and-forbidden = الترشيح { $id } مثبَّت وممنوع في آن واحد
invalid-not-in-run = الترشيح { $id } ليس من ترشيحات الفترة من { $from } إلى { $to }
invalid-forbid-held = للترشيح { $id } مقعد بالفعل؛ اسحبه بدلًا من منعه

invalid-username = يجب أن يكون من 3 إلى 64 من الأحرف أو الأرقام أو النقاط أو الشرطات أو الشرطات السفلية
invalid-commander-unit = يقود قائد الوحدة وحدةً: اختر أيّها
invalid-unit-not-commander = لا يقود الوحدة إلا قائد وحدة
invalid-no-instructor = المدرب { $name } غير موجود
forbidden-other-party-accounts = لا يستطيع مستخدمو { $party } إنشاء حسابات للطرف { $other }
invalid-username-party = يجب ألا يبدأ برمز طرف آخر؛ أسماء { $party } تبدأ بـ { $prefix }.
forbidden-no-account = لا يستطيع ذلك إلا حساب مسجّل الدخول
forbidden-unit-other-party = الوحدة { $unit } ليست للطرف { $party }؛ لا يمكن إلحاق أشخاص بها
invalid-activity-kind = "{ $kind }" ليس نوع نشاط: تمرين، طيران، إزالة ألغام، قافلة، رماية أو غير ذلك

conflict-totp-enabled = العامل الثاني مفعَّل بالفعل
invalid-totp-secret = ليس سر TOTP صادرًا عن هذا الخادم
invalid-id = "{ $text }" ليس معرّفًا
error-no-agreement = لم تُحمَّل أي اتفاقية
error-unknown-field = في النموذج حقل غير معروف "{ $field }"
invalid-adjustment = "{ $value }" ليست تثبيتًا ولا منعًا ولا لا شيء
error-body-too-large = حجم المتن أكبر من { $max } بايت
error-body-not-json = يجب أن يكون المتن JSON مرسلًا مع Content-Type: application/json
error-body-not-object = يجب أن يكون المتن كائن JSON
invalid-limit = { $limit } ليست من 1 إلى 1000
invalid-choose-institution = اختر مؤسسة
forbidden-course-other-party = الدورة { $course } تخص الطرف { $party }؛ لا يستطيع مستخدمو { $own } تغييرها
invalid-time = "{ $text }" ليس وقتًا وفق RFC 3339 (2027-03-01T06:00:00Z) ولا يومًا (2027-03-01)
invalid-period-order = نهاية الفترة ليست بعد بدايتها
invalid-bbox = "{ $text }" ليس غرب،جنوب،شرق،شمال بالدرجات
invalid-active-or-all = "{ $value }" ليست active ولا all
invalid-number = "{ $text }" ليس رقمًا
invalid-footprint-one-way = أدخل النطاق بطريقة واحدة: نص GeoJSON أو ملف ‎.geojson أو مركز دائرة ونصف قطرها
forbidden-declaration-other-party = الإعلان { $code } يخص طرفًا آخر؛ لا يمكن تعديله هنا
conflict-declaration-cancelled = الإعلان { $code } ملغى؛ أعلن من جديد

invalid-choose-pdf = اختر ملف PDF المراد التحقق منه
error-send-pdf = أرسل المستند المراد التحقق منه (PDF) في المتن
invalid-seal-signature = ليس هذا توقيع ختم الطرف لهذا المستند
invalid-not-a-message = "{ $text }" ليست رسالة
invalid-mailbox = "{ $value }" ليست inbox ولا outbox ولا all
invalid-key-header = ترويسة Idempotency-Key ليست ASCII مرئية
invalid-key-differs = ترويسة Idempotency-Key والحقل idempotency_key مختلفان
invalid-choose-replacement = اختر البديل
forbidden-hosted-by = الدورة { $session } يستضيفها { $party }
invalid-number-range = "{ $text }" ليس رقمًا من { $range }
conflict-no-ledger-identity = لا توجد هوية سجل مهيأة على هذا الخادم
error-no-checkpoint = لم يُوقَّع أي نقطة تحقق بعد
conflict-no-checkpoint-key = لا يحتفظ هذا الخادم بمفتاح نقاط التحقق للمضيف
conflict-no-sealing-keys = لا يحتفظ هذا الخادم بمفاتيح ختم المستندات
conflict-no-seal-key = لا يُعرف مفتاح ختم للطرف { $party }: يجب أن تثبّت الاتفاقية seal_key الخاص به
invalid-choose-person = اختر شخصًا
invalid-true-false = "{ $value }" ليست true ولا false

# Requests the server cannot read
error-body-unreadable = تعذّرت قراءة المتن: { $problem }
error-body-not-seal = المتن ليس ختمًا: { $problem }
error-form-unreadable = تعذّرت قراءة النموذج: { $problem }
error-form-too-large = النموذج أكبر مما يقبله الخادم
error-field-not-utf8 = { $field }: ليس نصًا بترميز UTF-8 (البايتات المرسلة ليست أحرفًا)
error-field-name-not-utf8 = اسم أحد الحقول ليس نصًا بترميز UTF-8
error-upload-unreadable = تعذّرت قراءة الملف المرفوع: { $problem }
error-path-unreadable = تعذّرت قراءة المسار: { $problem }
error-query-unreadable = تعذّرت قراءة سلسلة الاستعلام: { $problem }
unreadable-missing-field = الحقل { $field } مفقود
unreadable-unknown-field = لا يوجد حقل باسم { $field }
unreadable-field = قيمة الحقل { $field } من نوع غير صحيح
unreadable-syntax = ليس نص JSON سليمًا (السطر { $line }، العمود { $column })
unreadable-value = إحدى القيم من نوع غير صحيح أو النص غير سليم البنية
error-cross-origin = رُفض الطلب: لا تُقبل النماذج المرسلة من مصدر آخر
error-method-not-allowed = لا يقبل هذا العنوان تلك الطريقة
error-http-status = فشل الطلب (حالة HTTP { $status })
error-no-file = لا يوجد ملف { $file }
error-no-calendar = لا يوجد تقويم في هذا العنوان
invalid-whole-number = "{ $text }" ليس عددًا صحيحًا
invalid-unit-id = "{ $text }" ليس معرّف وحدة
invalid-choose-unit = اختر وحدة
invalid-choose-course = اختر دورة تدريبية

# Destructive steps ask to be confirmed.
confirm-required = أكِّد أن هذا لا يمكن التراجع عنه
confirm-final = أؤكد: لا يمكن التراجع عن هذا

# The hotline cites declared activities by their code.
invalid-declaration-code = لا يوجد نشاط مُعلَن بالرمز { $code }

# The name of each STANAG 2116 rank (the documents print it beside the code).
rank-name-or-1 = جندي
rank-name-or-2 = جندي أول
rank-name-or-3 = عريف
rank-name-or-4 = رقيب
rank-name-or-5 = رقيب أول
rank-name-or-6 = مساعد
rank-name-or-7 = مساعد أول
rank-name-or-8 = رئيس رقباء
rank-name-or-9 = رئيس رقباء أول
rank-name-wo-1 = وكيل ضابط 1
rank-name-wo-2 = وكيل ضابط 2
rank-name-wo-3 = وكيل ضابط 3
rank-name-wo-4 = وكيل ضابط 4
rank-name-wo-5 = وكيل ضابط 5
rank-name-of-1 = ملازم
rank-name-of-2 = نقيب
rank-name-of-3 = رائد
rank-name-of-4 = مقدم
rank-name-of-5 = عقيد
rank-name-of-6 = عميد
rank-name-of-7 = لواء
rank-name-of-8 = فريق
rank-name-of-9 = فريق أول
rank-name-of-10 = مشير

# The inbox: what awaits the user's action on the home page.
inbox-title = بانتظار إجرائك
inbox-empty = لا شيء بانتظار إجرائك.
inbox-approve = { $plural ->
    [zero] لا ترشيحات بانتظار موافقة طرفك
    [one] ترشيح واحد بانتظار موافقة طرفك
    [two] ترشيحان بانتظار موافقة طرفك
    [few] { $count } ترشيحات بانتظار موافقة طرفك
    [many] { $count } ترشيحًا بانتظار موافقة طرفك
   *[other] { $count } ترشيح بانتظار موافقة طرفك
}
inbox-accept = { $plural ->
    [zero] لا ترشيحات بانتظار قبولك بصفتك مضيفًا
    [one] ترشيح واحد بانتظار قبولك بصفتك مضيفًا
    [two] ترشيحان بانتظار قبولك بصفتك مضيفًا
    [few] { $count } ترشيحات بانتظار قبولك بصفتك مضيفًا
    [many] { $count } ترشيحًا بانتظار قبولك بصفتك مضيفًا
   *[other] { $count } ترشيح بانتظار قبولك بصفتك مضيفًا
}
inbox-vet = { $plural ->
    [zero] لا متدربين مقبولين بانتظار تدقيق من طرفك
    [one] متدرب مقبول واحد بانتظار تدقيق من طرفك
    [two] متدربان مقبولان بانتظار تدقيق من طرفك
    [few] { $count } متدربين مقبولين بانتظار تدقيق من طرفك
    [many] { $count } متدربًا مقبولًا بانتظار تدقيق من طرفك
   *[other] { $count } متدرب مقبول بانتظار تدقيق من طرفك
}
inbox-order = { $plural ->
    [zero] لا متدربين بانتظار أمر سفر
    [one] متدرب واحد اجتاز كل التدقيقات بانتظار أمر سفر
    [two] متدربان اجتازا كل التدقيقات بانتظار أمر سفر
    [few] { $count } متدربين اجتازوا كل التدقيقات بانتظار أمر سفر
    [many] { $count } متدربًا اجتازوا كل التدقيقات بانتظار أمر سفر
   *[other] { $count } متدرب اجتازوا كل التدقيقات بانتظار أمر سفر
}
inbox-attendance = { $plural ->
    [zero] لا دورات بانتظار حضور اليوم ({ $day })
    [one] دورة واحدة بانتظار تسجيل حضور اليوم ({ $day })
    [two] دورتان بانتظار تسجيل حضور اليوم ({ $day })
    [few] { $count } دورات بانتظار تسجيل حضور اليوم ({ $day })
    [many] { $count } دورة بانتظار تسجيل حضور اليوم ({ $day })
   *[other] { $count } دورة بانتظار تسجيل حضور اليوم ({ $day })
}
inbox-take-attendance = تسجيل الحضور
nav-my-training = تدريبي
my-training-title = تدريبي
my-training-transcript = تنزيل كشف تدريبي (PDF)
my-training-no-person = حسابك غير مرتبط بعد بشخص في السجل: اطلب من مكتب طرفك ربطه.
my-training-coming = القادمة والجارية
my-training-past = السابقة
my-training-none = لا شيء.
my-training-status = الحالة
my-training-joining-title = تعليمات الالتحاق
my-training-joining = التحق بـ { $institution }، { $city } ({ $place }) في { $day }. لغة التدريب: { $language }. احمل أمر السفر معك.
search-title = البحث
search-what = الاسم أو الرقم العسكري أو الدورة أو المقرر
search-all = عرض الكل
search-people = { $plural ->
    [zero] لا أشخاص
    [one] شخص واحد
    [two] شخصان
    [few] { $count } أشخاص
    [many] { $count } شخصًا
   *[other] { $count } شخص
}
search-sessions = { $plural ->
    [zero] لا دورات
    [one] دورة واحدة
    [two] دورتان
    [few] { $count } دورات
    [many] { $count } دورة
   *[other] { $count } دورة
}
search-courses = { $plural ->
    [zero] لا مقررات
    [one] مقرر واحد
    [two] مقرران
    [few] { $count } مقررات
    [many] { $count } مقررًا
   *[other] { $count } مقرر
}
inbox-more = و{ $count } غيرها، الأقدم أولًا
inbox-approve-selected = الموافقة على المحدد
inbox-accept-selected = قبول المحدد
inbox-confirm = راجعت كل ما حددته
inbox-select = تحديد
inbox-since = بانتظار منذ
inbox-refused = لم يتغير بعضها:
inbox-none-selected = حدد ترشيحًا واحدًا على الأقل
inbox-count = { $plural ->
    [zero] لا شيء بانتظار إجرائك
    [one] بند واحد بانتظار إجرائك
    [two] بندان بانتظار إجرائك
    [few] { $count } بنود بانتظار إجرائك
    [many] { $count } بندًا بانتظار إجرائك
   *[other] { $count } بند بانتظار إجرائك
}
inbox-seal = { $plural ->
    [zero] لا وثائق تنتظر ختم طرفك
    [one] وثيقة واحدة تنتظر ختم طرفك
    [two] وثيقتان تنتظران ختم طرفك
    [few] { $count } وثائق تنتظر ختم طرفك
    [many] { $count } وثيقة تنتظر ختم طرفك
   *[other] { $count } وثيقة تنتظر ختم طرفك
}
inbox-seal-how = يُوضع ختم طرفك على جهازك الخاص حيث يُحفظ مفتاحه: نزّل كل وثيقة لقراءتها، ثم شغّل
inbox-seal-kind = الوثيقة
inbox-seal-reference = المرجع
inbox-seal-download = تنزيل للقراءة
inbox-acknowledge = { $plural ->
    [zero] لا رسائل بانتظار إقرار طرفك
    [one] رسالة خط ساخن واحدة بانتظار إقرار طرفك
    [two] رسالتا خط ساخن بانتظار إقرار طرفك
    [few] { $count } رسائل خط ساخن بانتظار إقرار طرفك
    [many] { $count } رسالة خط ساخن بانتظار إقرار طرفك
   *[other] { $count } رسالة خط ساخن بانتظار إقرار طرفك
}
alloc-solve-again = أعد حل هذه الفترة

# المساعدة الفنية: خطط العمل
plan-status-draft = مسودة
plan-status-active = نافذة
plan-status-closed = مغلقة
indicator-direction-increase = ينبغي أن يرتفع
indicator-direction-decrease = ينبغي أن ينخفض
indicator-direction-maintain = ينبغي أن يثبت
plan-not-ready = لا يمكن تفعيل الخطة بعد: { $missing }
plan-not-draft = لا تُفعَّل إلا خطة في طور المسودة؛ وهذه الخطة { $status }
plan-missing = النواقص
plan-missing-objectives = ليس لها أي هدف
plan-missing-absorptive-capacity = لم تُذكر القدرة الاستيعابية للشريك
plan-missing-sustainment = لا توجد خطة استدامة
plan-missing-milestones = ليس لها أي مرحلة
plan-missing-indicators = الهدف { $objective } بلا مؤشر
plan-missing-baseline = المؤشر { $indicator } بلا خط أساس
plan-missing-targets = المؤشر { $indicator } بلا قيمة مستهدفة
invalid-target-period = تحتاج القيمة المستهدفة إلى تاريخ نهاية فترتها
invalid-target-before-baseline = تنتهي الفترة في { $end }، لا بعد خط الأساس في { $baseline }
invalid-text-max = { $max } حرفًا على الأكثر، بلا أحرف تحكم
invalid-not-finite = يجب أن يكون رقمًا
invalid-track = "{ $track }" ليس مسارًا للمساعدة الفنية في الاتفاقية
invalid-plan-own-institution = تخدم الخطة مؤسسةً للطرف الآخر
invalid-plan-no-such = لا يوجد في الخطة { $code }
invalid-plan-party = { $party } ليس طرفًا في هذه الخطة
conflict-plan-not-draft = { $what } لم تعد مسودة
conflict-plan-code-exists = في الخطة { $code } بالفعل
nav-assistance = المساعدة الفنية
plans-title = خطط العمل
plans-lead = المساعدة الفنية بحسب مسارات الاتفاقية: أهداف كل خطة ومؤشراتها بخط الأساس والقيم المستهدفة ومراحلها.
plans-none = لا خطط بعد.
plan-new = خطة جديدة
plan-create = إنشاء الخطة
plan-track = المسار
plan-partner = الشريك
plan-status = الحالة
plan-statements = القدرة الاستيعابية والاستدامة
plan-absorptive-capacity = القدرة الاستيعابية للشريك
plan-sustainment = خطة الاستدامة
plan-objectives = الأهداف والمؤشرات
plan-objective = الهدف
plan-none-yet = لا شيء بعد.
plan-no-indicator = لا مؤشر بعد.
plan-indicator = المؤشر
plan-unit = الوحدة
plan-direction = الاتجاه
plan-measured-by = الطرف القائم بالقياس
plan-baseline = خط الأساس
plan-targets = القيم المستهدفة
plan-value = القيمة
plan-date = التاريخ
plan-source = المصدر
plan-method = الطريقة
plan-period-end = نهاية الفترة
plan-add-objective = إضافة هدف
plan-add-indicator = إضافة مؤشر
plan-set-target = تحديد قيمة مستهدفة
plan-add-milestone = إضافة مرحلة
plan-add = إضافة
plan-milestones = المراحل
plan-due = الموعد
plan-owner = الطرف المسؤول
plan-evidence = الدليل المتوقع
plan-activate-lead = تُفعَّل الخطة متى كانت لها أهداف بمؤشرات، لكل منها خط أساس وقيمة مستهدفة، ومراحل، والبيانان كلاهما.
plan-activate = تفعيل الخطة
plan-missing-key = لم يوافق { $party } على هذا الإصدار من الأهداف والمؤشرات والقيم المستهدفة
audit-action-agree = أُدير المفتاح على إصدار الخطة
conflict-plan-agreed = وافق { $party } على هذا الإصدار من قبل
plan-keys = مفتاحا الطرفين
plan-keys-lead = تُعدّ الأهداف والمؤشرات وخطوط الأساس والقيم المستهدفة متفقًا عليها متى أدار المكتبان المشتركان مفتاحيهما على الإصدار نفسه؛ وكل تغيير يُنشئ إصدارًا جديدًا. هذا الإصدار:
plan-agreed = متفق عليه من الطرفين
plan-not-agreed = لم يتفق عليه الطرفان بعد
plan-agree = الموافقة على هذا الإصدار

# المساعدة الفنية: المستشارون والانتدابات والتقارير
deployment-status-planned = مخطط
deployment-status-active = في المهمة
deployment-status-ended = انتهى
report-status-draft = مسودة
report-status-submitted = بانتظار المراجعة
report-status-returned = أُعيد للتعديل
report-status-approved = معتمد
report-step-submit = أرسل للمراجعة
report-step-return = أعِد مع تعليق
report-step-approve = اعتمد
milestone-progress-not-started = لم يبدأ
milestone-progress-underway = جارٍ
milestone-progress-done = أُنجز
milestone-progress-blocked = متعثر
invalid-end-before-start = اليوم الأخير ({ $end }) قبل اليوم الأول ({ $start })
invalid-deployment-too-long = لا يجوز أن يتجاوز الانتداب { $days } يومًا
invalid-extension-not-later = يجب أن ينتهي التمديد بعد { $end }
invalid-early-end = يجب أن يقع الإنهاء المبكر بين { $start } واليوم السابق لـ { $end }
invalid-early-end-past = لا يمكن تحديد إنهاء مبكر في الماضي
invalid-rrule = "{ $rule }" ليست قاعدة تكرار (مثلًا FREQ=MONTHLY)
invalid-rrule-reason = تعذرت قراءة قاعدة التكرار: { $reason }
invalid-rrule-too-often = لا يجوز أن تُطلب التقارير أكثر من مرة في اليوم
invalid-rrule-too-many = تطلب القاعدة أكثر من { $max } تقريرًا
invalid-rrule-never = لا تطلب القاعدة أي تقرير بين { $start } و{ $end }
invalid-measured-on = يجب أن يكون يومًا بين { $start } و{ $end }
object-kind-deployment = انتداب
object-kind-advisor-report = تقرير المستشار
object-kind-measurement = قياس
audit-action-extend = مُدِّد
audit-action-end-early = أُنهي مبكرًا
audit-action-submit = أُرسل للمراجعة
audit-action-return = أُعيد مع تعليق
audit-action-approve = اعتُمد
audit-action-contest = اعتُرض عليه
audit-action-schedule = حُدِّد جدول التقارير
invalid-too-many = يُرسل { $max } على الأكثر دفعة واحدة
invalid-repeated = ورد "{ $code }" مرتين
invalid-deployment-plan-institution = يجب أن تكون مؤسسة الخطة
invalid-deployment-plan-track = يجب أن يكون مسار الخطة
invalid-deployment-no-plan-objectives = لا تُذكر الأهداف إلا مع خطة
conflict-deployment-ended = انتهى { $what }
forbidden-not-the-advisor = لا يكتب تقارير هذا الانتداب إلا مستشاره
invalid-report-not-due = لا يستحق تقرير في { $day } في جدول هذا الانتداب
conflict-report-not-editable = التقرير المستحق في { $day } قيد المراجعة أو معتمد ولا يمكن تغييره
forbidden-report-step = ليست هذه الخطوة لك
conflict-report-step = لا يمكن لتقرير حالته "{ $status }" أن يأخذ خطوة "{ $step }"
deployments-title = انتدابات المستشارين
deployments-lead = من المنتدب وأين ولأي خطة، وهل وصلت تقاريره.
deployments-none = لا مستشار منتدبًا بعد.
deployment-advisor = المستشار
deployment-plan = خطة العمل
deployment-overdue = تقارير متأخرة
deployment-new = انتدب مستشارًا
deployment-create = انتدب
deployment-objectives-help = رموز أهداف الخطة مفصولة بفواصل (O1, O2)
deployment-start = اليوم الأول
deployment-end = اليوم الأخير
deployment-planned-end = المخطط أولًا
deployment-end-reason = سبب الإنهاء المبكر
deployment-end-reason-help = اتركه فارغًا للتمديد؛ ومع سبب، يُنهي يوم أخير أبكر الانتداب مبكرًا.
deployment-schedule = جدول التقارير
deployment-reports = التقارير المستحقة
deployment-due-on = تاريخ الاستحقاق
deployment-report-overdue = متأخر
deployment-change-end = مدّد أو أنهِ مبكرًا
plan-milestone = المعلم
report-title = تقرير المستشار
report-write = اكتب تقريرًا
report-summary = ملخص التقدم
report-notes = ملاحظات العمل (لطرفك وحده ما لم تُتَح)
report-notes-released = أتِح ملاحظات العمل للطرف الآخر
report-progress = التقدم في المعالم
report-progress-note = ملاحظة
report-measurements = القياسات
report-value = القيمة
report-measured-on = تاريخ القياس
report-contested = القيم المعترض عليها
report-contest = اعترض على هذه القيمة
report-contest-value = قيمة طرفك
report-contest-reason = السبب
report-review-comment = تعليق المراجعة
completeness-title = ما ينقص أو تأخر
completeness-lead = الخطط والانتدابات والتقارير والمعالم التي تحتاج إلى اهتمام المكتبين المشتركين حتى اليوم.
completeness-none = لا شيء.
completeness-no-baseline = { $plural ->
    [zero] لا خطط بلا خط أساس
    [one] خطة واحدة بلا خط أساس
    [two] خطتان بلا خط أساس
    [few] { $count } خطط بلا خط أساس
    [many] { $count } خطة بلا خط أساس
   *[other] { $count } خطة بلا خط أساس
}
completeness-no-plan = { $plural ->
    [zero] لا انتدابات بلا خطة
    [one] انتداب واحد بلا خطة
    [two] انتدابان بلا خطة
    [few] { $count } انتدابات بلا خطة
    [many] { $count } انتدابًا بلا خطة
   *[other] { $count } انتداب بلا خطة
}
completeness-overdue = { $plural ->
    [zero] لا تقارير متأخرة
    [one] تقرير واحد متأخر
    [two] تقريران متأخران
    [few] { $count } تقارير متأخرة
    [many] { $count } تقريرًا متأخرًا
   *[other] { $count } تقرير متأخر
}
completeness-unreviewed = { $plural ->
    [zero] لا تقارير بانتظار المراجعة
    [one] تقرير واحد بانتظار المراجعة
    [two] تقريران بانتظار المراجعة
    [few] { $count } تقارير بانتظار المراجعة
    [many] { $count } تقريرًا بانتظار المراجعة
   *[other] { $count } تقرير بانتظار المراجعة
}
completeness-late-milestones = { $plural ->
    [zero] لا معالم فات موعدها
    [one] معلم واحد فات موعده
    [two] معلمان فات موعدهما
    [few] { $count } معالم فات موعدها
    [many] { $count } معلمًا فات موعده
   *[other] { $count } معلم فات موعده
}
completeness-no-baseline-h = خطط بلا خط أساس
completeness-no-plan-h = انتدابات بلا خطة
completeness-overdue-h = تقارير متأخرة
completeness-unreviewed-h = تقارير بانتظار المراجعة
completeness-late-milestones-h = معالم فات موعدها
completeness-indicators = مؤشرات بلا خط أساس
completeness-reviewer = يراجعه
progress-title = التقدم
progress-csv = نزّل بصيغة CSV
progress-baseline = خط الأساس
progress-target = الهدف
progress-reported = المُبلَّغ
progress-contested = المعترض عليه
progress-kind = النوع
progress-burn-up = المعالم: المستحق والمنجز
progress-due = المستحق حتى ذلك اليوم
progress-done = المنجز حتى ذلك اليوم
progress-day = اليوم
progress-pdf = نزّل تقرير التقدم (PDF)
inbox-review = { $plural ->
    [zero] لا تقارير مستشارين بانتظار مراجعة طرفك
    [one] تقرير مستشار واحد بانتظار مراجعة طرفك
    [two] تقريرا مستشارَين بانتظار مراجعة طرفك
    [few] { $count } تقارير مستشارين بانتظار مراجعة طرفك
    [many] { $count } تقريرًا بانتظار مراجعة طرفك
   *[other] { $count } تقرير بانتظار مراجعة طرفك
}
inbox-write-report = { $plural ->
    [zero] لا تقارير مستحقة عليك
    [one] تقرير واحد لك مستحق أو مُعاد
    [two] تقريران لك مستحقان أو مُعادان
    [few] { $count } تقارير لك مستحقة أو مُعادة
    [many] { $count } تقريرًا لك مستحقًا أو مُعادًا
   *[other] { $count } تقرير لك مستحق أو مُعاد
}
abroad-advisors = المستشارون المنتدبون
plan-indicator-kind = نوع المؤشر (تحدد الاتفاقية من يقيسه)
plan-measured-by-kind = كما يحدد نوعه
invalid-indicator-kind = "{ $kind }" ليس نوع مؤشر في الاتفاقية
invalid-measured-by-kind = تجعل الاتفاقية { $party } يقيس مؤشرات النوع "{ $kind }"
progress-month = المُبلَّغ (متوسط الشهر)
progress-xlsx = نزّل مصنفًا (XLSX)
progress-sheet-values = كل القيم
progress-sheet-months = حسب الشهر
progress-mean = المتوسط
progress-min = الأدنى
progress-max = الأعلى
progress-n = عدد القيم
plan-history = سجل تغييراته ومفاتيحه

# تدقيق المستشارين وإشعارات التقارير (المسألة 19).
conflict-deployment-not-cleared = لا تقرير قبل اجتياز كل عمليات تدقيق الانتداب؛ لم يُجتز بعد: { $missing }
audit-action-vet = سُجِّل فحص تدقيق
deployment-vetting = عمليات التدقيق
deployment-vetting-help = يقدّم المستشار تقاريره بعد اجتياز كل الفحوص. يسجّل كل فحص الطرف المذكور بجانبه.
deployment-cleared = مُجاز
deployment-not-cleared = غير مُجاز: فحوص تدقيق معلّقة
deployment-record-check = سجّل فحصًا
inbox-vet-deployments = { $plural ->
    [zero] لا انتدابات مستشارين بانتظار فحوص طرفك
    [one] انتداب مستشار واحد بانتظار فحوص طرفك
    [two] انتدابا مستشارَين بانتظار فحوص طرفك
    [few] { $count } انتدابات مستشارين بانتظار فحوص طرفك
    [many] { $count } انتدابًا بانتظار فحوص طرفك
   *[other] { $count } انتداب بانتظار فحوص طرفك
}
notify-report-overdue = تأخرت تقارير الانتداب { $deployment }: { $count } منذ { $day }.
notify-report-unreviewed = ينتظر تقرير الانتداب { $deployment } المستحق في { $day } المراجعة منذ أكثر من { $days } يومًا.
notify-deployment-vetting-failed = لم يجتز مستشار الانتداب { $deployment } فحص { $check }.
completeness-not-cleared = { $plural ->
    [zero] لا انتدابات بانتظار فحوص التدقيق
    [one] انتداب واحد بانتظار فحوص التدقيق
    [two] انتدابان بانتظار فحوص التدقيق
    [few] { $count } انتدابات بانتظار فحوص التدقيق
    [many] { $count } انتدابًا بانتظار فحوص التدقيق
   *[other] { $count } انتداب بانتظار فحوص التدقيق
}
completeness-not-cleared-h = انتدابات بانتظار فحوص التدقيق

# دمج القوات (المسألة 20).
integration-stage-register = مُسجَّل
integration-stage-verify-identity = تم التحقق من الهوية
integration-stage-vet = اجتاز التدقيق
integration-stage-harmonise-rank = تمت مواءمة الرتبة
integration-stage-assign = مُعيَّن
integration-stage-hand-over = سُلِّمت القيادة
integration-mode-bloc = ككتلة
integration-mode-individual = فرديًا
integration-mode-mixed = مختلط
integration-flag-stalled = متوقف
integration-flag-at-risk = معرّض للخطر
integration-flag-paper-only = على الورق فقط
integration-paper-only-no-date = الالتزام بلا تاريخ
integration-paper-only-no-owner = الالتزام بلا مسؤول
integration-stalled-reason = الموعد { $due }؛ لا تقدم موثق منذ { $days } يومًا (آخره في { $last }: { $count } من { $target })
integration-at-risk-reason = بالوتيرة الموثقة البالغة { $per_week } في الأسبوع ينتهي في { $finish } (في { $latest } على أبطأ تقدير)، بعد موعده { $due }
integration-at-risk-never = لا شيء يتقدم: { $count } موثق، الموعد { $due }
audit-action-deadline = حُدِّد الموعد
audit-action-verify = وُثِّق العدد
audit-action-report = أُبلغ عن رقم
object-kind-formation = تشكيل
invalid-integration-count = عدد أفراد من 0 إلى { $max }
invalid-integration-party = { $party } ليس طرفًا في الاتفاق
invalid-integration-before-start = قبل اليوم الأول للتشكيل، { $start }
invalid-integration-future = يوم لم يأتِ بعد
invalid-integration-day-order = قبل آخر عدّ للمرحلة، في { $last }
invalid-integration-count-down = أقل من آخر عدّ ({ $last }): اذكر السبب
invalid-integration-stage-skipped = أكثر مما وُثِّق في المرحلة السابقة ({ $stage }: { $reached })؛ لا تُتخطّى أي مرحلة
integration-reason-withheld = الأرقام وراءه أقل من { $under } أشخاص ولا تُعرض
integration-figure-verified = موثق
integration-figure-reported = بحسب التشكيل
nav-integration = الدمج
integration-title = دمج القوات
integration-lead = مراحل كل تشكيل: الأعداد الموثقة (من وثّق ومتى وكيف ومن أي قائمة) وبجانبها الأرقام التي أبلغ عنها التشكيل، دون خلط أبدًا؛ موعد كل مرحلة وتنبيهاتها.
integration-board-help = في كل خانة العدد الموثق، وبين قوسين رقم التشكيل نفسه. لا يُعرض عدد أقل من عشرة أشخاص للطرف الآخر.
integration-none = لا تشكيلات بعد.
integration-formation = التشكيل
integration-declared = القوام المعلن
integration-origin = المنشأ
integration-mode = طريقة الانضمام
integration-starts-on = اليوم الأول
integration-new = تشكيل جديد
integration-create = أدخل التشكيل
integration-withheld = أقل من 10
integration-stage = المرحلة
integration-due = الموعد
integration-clause = البند
integration-owner = المسؤول
integration-flags = التنبيهات
integration-binding = ملزم
integration-indicative = استرشادي
integration-record-count = سجّل عددًا
integration-figure = الرقم
integration-count = عدد الأفراد
integration-on-day = اليوم
integration-list = القائمة
integration-reason = السبب (لعدد أقل)
integration-set-deadline = حدّد موعد مرحلة
notify-integration-flag = التشكيل { $formation }: نُبِّه إلى أن المرحلة { $stage } في حالة { $flag }.
# قائمة المرشحين للدمج.
audit-action-import = استُوردت القائمة
audit-action-reintegrate = أُحيل إلى إعادة الإدماج
object-kind-candidate = مرشح
record-node-secret = سرّ العقدة { $name }
candidate-status-active = في الطريق
candidate-status-integrated = مدمج
candidate-status-reintegration = مسار إعادة الإدماج
candidate-status-withdrawn = شُطب (تسجيل ثانٍ)
reintegration-reason-age = السن
reintegration-reason-medical = عدم اللياقة الطبية
reintegration-reason-vetting = لم يجتز التدقيق
reintegration-reason-voluntary = اختار الحياة المدنية
reintegration-reason-no-post = لا منصب له
reintegration-reason-other = غير ذلك
match-state-open = للمراجعة
match-state-distinct = رُوجع: شخص آخر
invalid-candidate-born = تاريخ ميلاد بين 1900 واليوم، لا { $text }
invalid-candidate-name = اسم فيه حروف
invalid-candidate-integrated = هذا الشخص مدمج من قبل ولا يُسجَّل ثانية
invalid-roster-empty = لا صفوف في القائمة
invalid-roster-too-many = { $max } صف على الأكثر في المرة الواحدة
invalid-roster-too-big = ملف لا يتجاوز { $max } ميغابايت
invalid-roster-ref-taken = { $ref } موجود في هذه القائمة
invalid-roster-duplicate-ref = الرقم نفسه في الصف { $row }
invalid-roster-duplicate-person = الشخص نفسه في الصف { $row }
invalid-roster-unreadable-row = لا يمكن قراءة هذا الصف
invalid-roster-unreadable-file = لا يمكن قراءة الملف كمصنف
invalid-roster-unknown-column = عمود غير معروف { $column }؛ الأعمدة هي { $columns }
invalid-roster-column-twice = العمود مكرر
invalid-roster-column-missing = هذا العمود مفقود
invalid-roster-row-width = في الصف { $fields } حقول وفي الترويسة { $header }
invalid-verify-ref-twice = { $ref } مذكور مرتين
invalid-verify-not-on-roster = { $ref } ليس في قائمة هذا التشكيل
invalid-verify-not-active = { $ref } ليس في الطريق ({ $status })
invalid-verify-already = { $ref } اجتاز هذه المرحلة من قبل
invalid-verify-skipped = { $ref } لم يجتز { $stage } بعد؛ لا تُتخطى مرحلة
invalid-verify-under-review = { $ref } يطابق تسجيلاً آخر: راجعه أولاً
invalid-integration-roster-verify = لهذا التشكيل قائمة مرشحين: وثّق المرحلة بأسماء الأشخاص
invalid-review-decision = distinct أو withdraw، لا { $text }
conflict-candidate-not-active = { $what } ليس في الطريق
conflict-candidate-not-flagged = لا شيء للمراجعة في { $what }
roster-title = قائمة مرشحي { $formation }
roster-lead = مرشحو التشكيل، وهم لطرفه وحده: آخر مرحلة موثقة لكل منهم، وموقفه، والتسجيلات التي قد تكون للشخص نفسه.
roster-summary = القائمة
roster-total = في القائمة
roster-under-review = للمراجعة
roster-withheld = لا تُعرض أعداد الطرف الآخر التي تقل عن 10 أشخاص.
roster-link = افتح القائمة
roster-import = استيراد قائمة
roster-file = ملف CSV أو XLSX
roster-import-help = الأعمدة: roster_ref وfull_name وdate_of_birth (YYYY-MM-DD)، وmother_name وbirthplace حيث تسجلهما القائمة (يميزان بين المتشابهين في الاسم). كل الصفوف أو لا شيء: يُذكر كل صف خاطئ برقم سطره.
roster-import-button = استيراد
roster-imported = استُورد { $imported } مرشحاً؛ { $flagged } منهم يطابق تسجيلاً آخر وينتظر المراجعة.
roster-rejected = لم يُستورد شيء: { $count } أخطاء.
roster-line = السطر
roster-column = العمود
roster-reason = السبب
roster-ref = الرقم
roster-name = الاسم الكامل
roster-born = تاريخ الميلاد
roster-mother = اسم الأم
roster-birthplace = مكان الولادة
roster-stage = آخر مرحلة موثقة
roster-status = الحالة
roster-matches = قد يكون الشخص نفسه
roster-match-other = تسجيل في { $formation }
roster-search = بحث
roster-only-flagged = ما ينتظر المراجعة فقط
roster-all-statuses = كل الحالات
roster-filter = اعرض
roster-none = لا مرشح مطابق.
roster-page = الصفحة { $page } من { $pages } ({ $total } مرشحاً)
roster-previous = السابق
roster-next = التالي
roster-verify = وثّق مرحلة لأشخاص بأسمائهم
roster-verify-refs = الأرقام، رقم في كل سطر
roster-verify-button = وثّق
roster-review-distinct = شخص آخر
roster-review-withdraw = تسجيل ثانٍ: اشطبه
roster-reintegrate-button = إلى إعادة الإدماج
roster-note = ملاحظة
roster-actions = إجراءات
roster-page-nav = صفحات القائمة
integration-burn-up = المنحنى التراكمي للتقدم الموثق
integration-burn-up-table = أرقام الرسم البياني
integration-forecast = التوقع
notify-integration-digest = دمج القوات، الأسبوع { $week }: في { $formations } تشكيلات، { $stalled } مراحل متوقفة، و{ $at_risk } معرضة للخطر، و{ $paper_only } على الورق فقط.
object-kind-target-unit = وحدة من الهيكل المستهدف
record-target-unit = الوحدة { $code } من الهيكل المستهدف
target-kind-division = فرقة
target-kind-brigade = لواء
target-kind-battalion = كتيبة
invalid-target-parent = لا وحدة في الهيكل المستهدف لهذا الطرف رمزها { $code }
invalid-target-under = لا تقع { $kind } تحت { $parent }
invalid-target-posts-held = { $posts } وظيفة، لكن الوحدة تضم { $held } شخصاً
invalid-verify-no-posts = في { $unit } { $free } مناصب شاغرة
invalid-verify-unit-not-assign = تُذكر الوحدة في مرحلة التعيين فقط
integration-structure = الهيكل المستهدف
integration-structure-help = الفرق والألوية والكتائب التي يُعيَّن فيها المدمجون، ومناصبها: يحددها الاتفاق ([[target_units]]) أو يدخلها هنا الطرف الذي يدمج. لا تُعرض أعداد الطرف الآخر التي تقل عن 10 أشخاص.
integration-unit-kind = النوع
integration-unit-parent = تتبع
integration-unit-posts = المناصب
integration-unit-assigned = المعيَّنون
integration-unit-new = أضف وحدة
integration-unit = الوحدة (في مرحلة التعيين)
