app-name = Ittifaq
skip-to-content = Skip to content
nav-label = Main
nav-inbox = Inbox
nav-people = People
nav-units = Units
nav-institutions = Institutions
nav-courses = Courses
nav-agreement = Agreement
nav-audit = Audit
nav-users = Users
nav-account = Account
sign-in = Sign in
sign-out = Sign out
language = Language
change = Change
back-home = Back to the start page
username = User name
password = Password
display-name = Display name
role = Role
totp-code = Authentication code
totp-code-help = Only if your account has a second factor.
home-title = Agreement overview
no-agreement = No agreement is loaded yet.
people-title = People
people-count = { $count ->
    [one] { $count } person
   *[other] { $count } people
}
page-of = Page { $page } of { $pages }
search = Search
all = All
filter = Filter
rank-from = Rank from
rank-to = Rank to
person-new = Register a person
export-csv = Export as CSV
pages = Pages
previous = Previous
next = Next
archived = This record is archived.
released-only = This person belongs to the other party: you see only what that party released.
withheld = withheld
edit = Edit
archive = Archive
save = Save
field-party = Party
field-unit = Unit
field-name = Name
field-service-number = Service number
field-given-name = Given name
field-family-name = Family name
field-native-name = Name in original script
field-rank = Rank
field-rank-title = National rank title
field-languages = Languages
languages-help = ISO 639-1 codes separated by commas, such as ar, tr, en.
field-qualifications = Qualifications
private-fields = Party-private fields
field-national-id = National identity number
field-phone = Phone
field-next-of-kin = Next of kin
field-code = Code
field-parent = Parent unit
field-max-away = Most away at once
field-city = City
field-domains = Training domains
field-title = Title
field-domain = Training domain
field-institution = Institution
field-language = Language of instruction
field-days = Days
field-capacity = Capacity
field-article = Article
units-title = Units
institutions-title = Training institutions
courses-title = Course catalog
measure = Cooperation measure
track = Technical-assistance track
signed-on = Signed on
kind = Kind
audit-title = Audit record
audit-lead = Every change, who made it and when. Changes to the other party's records show which fields changed, not their values.
audit-withheld = changed (the values are the other party's)
audit-changes = Changes
audit-none = No entry matches these filters.
audit-older = Older entries
when = When
who = Who
action = Action
object = Record
before = Before
after = After
account-title = Your account
totp-title = Second factor
totp-enabled = A second factor (TOTP) protects this account.
totp-disabled = This account has no second factor.
totp-enable = Set up a second factor
totp-scan = Add this secret to your authenticator app, then enter the code it shows.
totp-confirm = Confirm
totp-wrong = That code is wrong; try the current one.
users-title = Accounts of your party
user-new = New account
user-created = Account created:
yes = yes
no = no
role-admin = Administrator
role-joint_office = Joint office
role-institution_staff = Institution staff
role-unit_commander = Unit commander
role-instructor = Instructor
role-advisor = Advisor
role-trainee = Trainee
role-deconfliction_officer = Deconfliction officer
role-auditor = Auditor
error-bad-request = The request could not be read
error-unauthorized = Sign-in required
error-forbidden = Not allowed
error-not-found = Not found
error-conflict = Conflict
error-too-large = Too large
error-invalid = Invalid input
error-too-many = Too many attempts
error-internal = Something went wrong
unit-new = New unit
institution-new = New institution
nav-ledger = Ledger
ledger-title = Joint audit ledger
ledger-size = { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}
ledger-verified = verified: { $entries } entries, { $signed } signed, root { $root }
ledger-failed = VERIFICATION FAILED
ledger-no-key = no checkpoint key on this server
ledger-checkpoint-size = Size
ledger-note = Signed checkpoint
ledger-host-signature = Host signature
ledger-witness-signature = Witness cosignatures
ledger-not-witnessed = not yet witnessed

# Ledger and witness refusals
invalid-ledger-record = the change cannot be recorded in the ledger: { $error }
invalid-audit-row = the audit row cannot be built: { $error }
invalid-audit-not-stored = the audit row was not stored
invalid-ledger-full = the ledger is full
invalid-ledger-position-negative = negative ledger position
conflict-ledger-changed = the ledger changed while this change was being recorded; try again
invalid-ledger-node-missing = the ledger's stored tree lacks node ({ $level }, { $index }); run a rebuild
invalid-ledger-gap = ledger positions are not contiguous at { $seq }
invalid-node-mirror-io = the ledger node mirror at { $path }: { $error }
invalid-node-mirror-missing = the ledger node mirror lacks node ({ $level }, { $index })
conflict-no-checkpoint-signed = no checkpoint signed: { $finding }
invalid-tree-size = the ledger has { $count } entries
invalid-consistency-range = need first ≤ second ≤ { $size } (the ledger's size)
record-ledger-entry = ledger entry { $seq }
record-ledger-entry-in-tree = ledger entry { $seq } in a tree of { $size }
record-checkpoint = checkpoint { $id }
invalid-stored-checkpoint = the stored checkpoint is unreadable: { $error }
conflict-no-host-party = no agreement is loaded, so there is no host party
conflict-host-cannot-witness = { $party } hosts the ledger and signs its checkpoints; only another party can witness them
invalid-pinned-witness-key = the witness key pinned for { $party }: { $error }
invalid-witness-key = is not a witness key: { $error }
invalid-witness-key-not-pinned = the agreement pins another witness key for { $party }; a new key needs a new agreement
invalid-stored-witness-key = stored witness key { $id }: { $error }
conflict-no-witness-key = { $party } has registered no witness key; an admin of { $party } registers one
invalid-signature-line = is not a signature line: { $error }
invalid-cosignature = it does not verify with { $party }'s witness key { $key } over checkpoint { $checkpoint } (size { $size })
conflict-already-cosigned = { $party } has already cosigned checkpoint { $checkpoint }

nav-sessions = Sessions
sessions-title = Course sessions
session-dates = Dates
session-place = Place
session-status = Status
open = Open
nominations-title = Nominations
nomination-priority = Priority
nomination-history = History
nomination-refused = The nomination was refused:
instructor-refused = The instructor was not changed:
nomination-refused-who = { $who } cannot be nominated:
nominate = Nominate
nominee = Nominee
nominee-search = Find by name, service number or rank (for example OR-5)
candidates-none = No one of your party who is not already nominated matches.
candidates-shown = More than { $shown } match: type more to narrow the search.
comment = Comment
approve = Approve
accept = Accept
withdraw = Withdraw
session-new = New session
session-start = First day
session-end = Last day
session-quota = Seats at most for
calendar-title = Calendar feed
calendar-help = A private address that calendar programs subscribe to, listing the sessions of the catalog.
calendar-create = Create a calendar address
calendar-once = Add this address to your calendar program. It is shown only now; anyone who has it can read the feed.

# Training after the two keys.
grade = Grade
result-reason = Reason
back-to-session = Back to the session
vetting-title = Vetting
vetting-check = Check
vetting-responsible = Recorded by party
vetting-outcome = Outcome
outcome-passed = Passed
outcome-failed = Failed
outcome-pending = Pending
outcome-completed = Completed
order-title = Invitational travel order
order-reference = Reference
download-pdf = Download the PDF
order-issue = Issue the travel order
order-waits-vetting = No travel order until every vetting check has passed.
order-none = No travel order yet.
travel-title = Arrival and departure
arrived-on = Arrived on
departed-on = Departed on
confirm-arrival = Confirm the arrival
confirm-departure = Confirm the departure
results-title = Training and results
attendance-title = Attendance
day = Day
mark = Mark
mark-present = Present
mark-absent = Absent
mark-excused = Excused
assessments-title = Assessments
score = Score (of 100)
recorded-by = Recorded by
record = Record
result-title = Result
certificate-title = Certificate
certificate-revoked = Revoked
verify-title = Verify a certificate
certificate-revoke = Revoke the certificate
certificate-issue = Issue the certificate
evaluation-title = Course evaluation
evaluation-rating = Your rating, 1 (poor) to 5 (excellent)
evaluation-send = Send the evaluation
sign-in-sheet = Printable sign-in sheet
attendance-saved = Attendance saved.
attendance-nobody = Nobody has arrived for this session yet.
print = Print
abroad-title = Who is abroad
abroad-nobody = Nobody is abroad on this day.
until = Until
unit-not-released = unit not released
nav-abroad = Abroad
open-record = Record
verify-valid = Valid: this document is authentic, unaltered and in force.
verify-invalid = Not valid.
verify-registry = In the registry
valid = valid
revoked = revoked
expired = expired
verify-holder = Holder
verify-qualification = Qualification
verify-issuer = Issued by
verify-issued = Issued on
verify-expires = Valid until
verify-unknown = No certificate with this number was issued
verify-upload = Check a document
verify-upload-lead = Upload the PDF: its seal, signature, registry entry, expiry and revocation are checked.
verify-file = PDF file
verify-check = Verify
report-exchange-title = Exchange in both directions
report-exchange-lead = People each party sent, hosted, trained and certified, by direction and training domain, for sessions starting in the period.
report-from = From
report-to = To
report-empty = No session starts in this period.
report-direction = Sent → hosted by
report-nominated = Nominated
report-accepted = Seated
report-went = Went
report-completed = Trained
report-certified = Certified
report-total = All domains
nav-reports = Reports
away-plan-title = Who of our units is away when
away-plan-lead = Our people holding a seat in a course that has not ended, until they come back, by unit.
nav-notifications = Notifications
notify-none = No notifications yet.
notify-mark-read = Mark all as read
notify-email-title = E-mail
notify-email = Send my notifications to this address (empty: none)
notify-email-saved = The address is saved.
notify-footer = Ittifaq — the joint training and consultancy platform. Change or remove your address on the Notifications page.
notify-nominate = { $person } was nominated for { $session } by { $by }: your approval is awaited.
notify-approve = { $person } was approved for { $session } by the sending party: your acceptance is awaited.
notify-accept = { $person } has a seat in { $session }.
notify-waitlist = { $person } is on the waiting list of { $session }.
notify-promote = A seat freed: { $person } now has a seat in { $session }.
notify-cancel = { $session } was cancelled; the nomination of { $person } ends.
notify-withdraw = The nomination of { $person } for { $session } was withdrawn.
notify-replace = { $person } was replaced in { $session }.
notify-order = The travel order of { $person } for { $session } is issued.
notify-arrive = { $person } arrived for { $session }.
notify-depart = { $person } left after { $session }.
notify-completed = { $person } completed { $session }.
notify-failed = { $person } did not complete { $session }.
notify-certify = The certificate of { $person } for { $session } is issued.
notify-vetting-failed = { $person } failed the { $check } check for { $session }.
replace-title = Replace the nominee
replace = Replace
calendar-view-title = Calendar
calendar-mine = My schedule
calendar-feed-help = A calendar address from your account page shows the same sessions when you add ?institution=, ?unit= or ?person= with the number shown in this page's address.
nav-calendar = Calendar

# Course form
course-new = Add a course
course-edit = Change a course
course-language-help = The ISO 639-1 code of the language the course is taught in, such as tr, ar or en.
course-min-rank = Lowest rank admitted
course-max-rank = Highest rank admitted
course-requires = Qualifications required
course-requires-help = Qualification codes separated by commas, such as EOD-1, CYB-1.
course-grants = Qualification granted on completion
course-description = What the course teaches

# Evaluation report
report-evaluations-title = What trainees said of each session
report-evaluations-lead = Evaluations by the trainees who finished a session starting in the period: how many answered, the mean rating from 1 to 5 and how the ratings spread. Who gave which rating is not shown.
report-session = Session
report-responses = Answered / finished
report-mean = Mean rating
report-spread = Ratings from 1 to 5
report-comments = Comments
report-comments-hosts-only = Comments are shown to the party that hosts the session.

# Vetting level
vetting-level = Level found
vetting-min-level = passes from

# Offline attendance
attendance-offline-kept = No connection: these marks are kept on this tablet and will be sent when the connection returns. Marks waiting:
attendance-offline-sent = The marks kept on this tablet have been sent. Days sent:
attendance-offline-refused = The server refused marks kept on this tablet; enter them again:
## Deconfliction
nav-decon = Deconfliction
decon-title = Declared activities
decon-lead = Activities declared as a footprint, an altitude band and a time window. Yours in full; the other party's as the agreement releases them (footprint, time, altitude and kind).
decon-new = Declare an activity
decon-map = Deconfliction map
decon-conflicts-now = Conflicts between confirmed activities
decon-empty = No activity is declared.
decon-kind = Kind
decon-window = Time window
decon-altitude = Altitude band
decon-unit = Unit
decon-status = Status
decon-form-lead = Checking the declaration shows its conflicts with the confirmed activities of the other parties; it is confirmed only after that.
decon-start = Start
decon-end = End
decon-altitude-lo = Lowest altitude (m above sea level)
decon-altitude-hi = Highest altitude (m above sea level)
decon-separation = Separation required (m)
decon-vertical-separation = Vertical separation required (m)
decon-time-buffer = Time buffer (minutes)
decon-unit-hint = Not released to the other party.
decon-footprint = Footprint
decon-footprint-hint = Give one: GeoJSON text (Polygon, MultiPolygon, LineString for a route, or Point with radius_m), a .geojson file, or a circle.
decon-footprint-text = GeoJSON
decon-footprint-file = GeoJSON file
decon-position = Position
decon-map-show = Show on the map
decon-draw-title = Or draw it on the map
decon-draw-hint = an area, a route or a circle, with the buttons on the map; the drawing fills the fields above, and the fields stay the way to give it from the keyboard.
decon-draw-first-vertex = Click to place the first point
decon-draw-continue = Click to place the next point
decon-draw-finish-line = Click the last point again to end the route
decon-draw-finish-poly = Click the first point to close the area
decon-draw-start-circle = Click to place the circle's centre
decon-draw-finish-circle = Click to set the circle's radius
decon-draw-finish = Finish
decon-draw-cancel = Cancel
decon-draw-undo = Remove the last point
decon-draw-polygon = Area
decon-draw-route = Route
decon-draw-circle = Circle
decon-draw-edit = Move the points
decon-draw-remove = Remove the drawing
decon-circle-lon = Circle centre longitude (°E)
decon-circle-lat = Circle centre latitude (°N)
decon-circle-radius = Circle radius (m)
decon-third-state = Third state
decon-third-hint = Only for a third state's activity; visible only to deconfliction officers.
decon-third-code = State code (e.g. RUS)
decon-third-name = State name
decon-check = Check conflicts
decon-amend = Amend
decon-version = version
decon-draft-lead = This is a draft: nobody else sees it yet. Review its conflicts below, then confirm it.
decon-declared-by = Declared by
decon-conflicts = Conflicts
decon-no-conflicts = No conflict with the confirmed activities of the other parties.
decon-with = With
decon-distance = Distance
decon-overlap = Overlap in time
decon-confirm = Confirm
decon-cancel = Cancel the activity
decon-map-lead = Country borders are shipped with the application: the map needs no internet. Move the slider to see what is live at an instant; conflicts are red.
decon-map-at = At
decon-map-whole-period = Whole period
decon-map-active = Declared activity
decon-map-conflict = In conflict
decon-map-none = No conflict at this time.
decon-kind-exercise = Exercise
decon-kind-flight = Flight
decon-kind-demining = Demining
decon-kind-convoy = Convoy
decon-kind-firing = Live firing
decon-kind-other = Other
decon-status-draft = Draft
decon-status-confirmed = Confirmed
decon-status-amended = Amended
decon-upcoming = Activities under way or to come; older ones are on the map and in the API (from=).
decon-separations = Separations (ground · vertical · time)
decon-status-cancelled = Cancelled

# Deconfliction refusals: the declaration, its footprint and the engine's faults
forbidden-third-state = only a deconfliction officer enters a third state's activity
invalid-state-code = "{ $code }" is not a state code: two to four capital letters, such as RUS
invalid-third-state-is-party = { $code } is a party of the agreement, not a third state
invalid-state-name = the state's name is required (at most 100 characters)
invalid-altitude-pair = give two numbers, the lower and upper bound in metres (got { $count })
invalid-footprint-timeout = the footprint could not be checked in time: give fewer positions
invalid-footprint-positions = the footprint has { $count } positions, more than the { $max } accepted
invalid-feature-no-geometry = the Feature has no geometry
invalid-feature-collection = a FeatureCollection must hold exactly one feature (it holds { $count }); declare each activity on its own
invalid-geojson-no-type = not a GeoJSON object: it has no "type"
invalid-footprint-type = a { $type } cannot be a footprint: give a Polygon, MultiPolygon, LineString or Point with radius_m
invalid-geojson = invalid GeoJSON { $kind }: { $error }
invalid-not-geojson = not GeoJSON: { $error }
invalid-upload-not-geojson = the uploaded file is not GeoJSON: { $error }
invalid-rfc3339 = "{ $text }" is not an RFC 3339 time with a zone, such as 2027-03-01T06:00:00Z
invalid-out-of-range = out of range
invalid-stored-footprint = stored footprint of { $code } unreadable: { $error }
invalid-activity = the activity cannot be checked: { $error }
conflict-declaration-not-draft = declaration { $code } is { $status }; only a draft is confirmed
conflict-declaration-already-cancelled = declaration { $code } is already cancelled
invalid-declaration-party-fixed = declaration { $code } is { $party }'s activity; its party cannot change
decon-ring-shell = polygon { $polygon } shell
decon-ring-hole = polygon { $polygon } hole { $ring }
decon-fault-schema = invalid record: { $detail }
decon-fault-empty-id = empty id
decon-fault-not-finite = { $field } is not a finite number (NaN)
decon-fault-negative = { $field } is negative ({ $value })
decon-fault-latitude = latitude { $lat } outside ±90
decon-fault-longitude = longitude { $lon } outside ±180
decon-fault-bad-position = a position has { $count } numbers, expected 2 or 3
decon-fault-ring-too-few = { $ring }: ring has { $got } positions, fewer than { $need }
decon-fault-route-too-few = route has { $got } positions, fewer than { $need }
decon-fault-unclosed = { $ring }: unclosed ring (first and last positions differ)
decon-fault-degenerate = { $ring }: ring encloses no area
decon-fault-self-intersecting = { $ring }: self-intersecting ring
decon-fault-rings-cross = polygon { $polygon }: rings { $a } and { $b } cross
decon-fault-hole-outside = { $ring }: hole outside the shell
decon-fault-empty = empty geometry
decon-fault-too-large = a ring spans more than 80° (larger than supported)
decon-fault-antipodal = route edge between nearly antipodal positions
decon-fault-missing-radius = Point footprint without radius_m
decon-fault-altitude-inverted = altitude_m lower bound { $lo } above upper bound { $hi }
decon-fault-end-not-after-start = end is not after start

# Seat allocation (issue 5).
nav-allocation = Allocation
alloc-title = Seat allocation
alloc-lead = Fill the seats of the sessions starting in a period from the current nominations, under every rule, then review, adjust and commit the plan. Each party's joint office commits the same run; the second key applies it.
alloc-run = Run the allocation
alloc-runs = Runs
alloc-no-runs = No allocation has been run yet.
alloc-period = Period
alloc-objective = Value granted
alloc-bound = Upper bound
alloc-gap = Gap to the bound
alloc-granted = Granted
alloc-refused = Not granted
alloc-keys = Keys
alloc-created = Run by
alloc-run-title = Allocation run
alloc-parent = adjusts run
alloc-no-keys = No party has committed this run.
alloc-commit-help = Committing records your party's key on this plan. When both parties have committed it, the granted nominations are approved and accepted, and the others go to the waiting list (or are withdrawn when not eligible) with their reason.
alloc-commit = Commit this plan for my party
alloc-sessions = Seats per session
alloc-nominations = Nominations
alloc-seats = Granted / capacity
alloc-fairness = Fairness
alloc-fairness-help = The share of the nominated weight granted, and of the people whose first choice (highest priority) was met.
alloc-by-party = By party
alloc-by-unit = By unit
alloc-weight-nominated = Weight nominated
alloc-weight-granted = Weight granted
alloc-weight-share = Share granted
alloc-people = People nominated
alloc-first-met = First choices met
alloc-first-share = Share of first choices
alloc-changes = Changes from the previous run
alloc-changes-from = Compared with run
alloc-no-changes = Every nomination has the same decision as in the previous run.
alloc-before = Before
alloc-after = Now
alloc-first-run = This is the first run of this period.
alloc-plan = Every nomination and its decision
alloc-adjust-help = Pin a nomination to grant it whatever the weights say, or forbid it to refuse it, then solve again: a new run is made from this one.
alloc-unit = Unit
alloc-status-at-run = Status when run
alloc-decision = Decision
alloc-adjust = Adjust
alloc-pinned = pinned
alloc-pin = Pin
alloc-forbid = Forbid
alloc-resolve = Solve again with these adjustments
alloc-absent = not in the run
alloc-state-proposed = proposed
alloc-state-committed = committed by both parties
alloc-state-superseded = superseded by a newer run
alloc-reason-ineligible-rank = not granted: rank outside the course's range
alloc-reason-ineligible-language = not granted: does not speak the language of instruction
alloc-reason-missing-prerequisite = not granted: a prerequisite is missing
alloc-reason-capacity = not granted: the session is full
alloc-reason-quota = not granted: the party's quota is used up
alloc-reason-person-overlap = not granted: overlaps another session of the person
alloc-reason-person-limit = not granted: the person's limit of sessions is reached
alloc-reason-unit-away-limit = not granted: too many of the unit would be away at once
alloc-reason-lower-weight = not granted: the seats went to higher priorities
alloc-reason-forbidden = not granted: forbidden by hand

# Seat allocation refusals
corrupt-pins = the pins of { $what }
corrupt-forbids = the forbidden nominations of { $what }
conflict-allocator-stopped = the allocator stopped: { $error }
invalid-period-not-allocatable = the period's data cannot be allocated: { $error }
conflict-run-instance-unreadable = allocation run { $id } holds an unreadable instance: { $error }
conflict-run-result-unreadable = allocation run { $id } holds an unreadable result: { $error }
conflict-run-committed = allocation run { $id } is already committed by both parties
conflict-run-superseded = allocation run { $id } is superseded by run { $newer }; review and commit that one
conflict-run-committed-by = party { $party } has already committed allocation run { $id }
conflict-run-inputs-changed = the sessions or nominations of { $from } to { $to } changed since allocation run { $id } ({ $changes }); run the allocation again
run-codes = { $codes }
run-codes-more = { $codes } and { $count } more
run-changed = what changed
run-changed-sessions = { $count ->
    [one] a session changed: { $codes }
   *[other] { $count } sessions changed: { $codes }
}
run-changed-added = { $count ->
    [one] a nomination was added, for { $codes }
   *[other] { $count } nominations were added, for { $codes }
}
run-changed-gone = { $count ->
    [one] a nomination left the run, of { $codes }
   *[other] { $count } nominations left the run, of { $codes }
}
run-changed-priority = { $count ->
    [one] a nomination's priority changed, for { $codes }
   *[other] { $count } nominations' priorities changed, for { $codes }
}
run-changed-people = { $count ->
    [one] a nominee's record changed
   *[other] { $count } nominees' records changed
}
run-changed-units = { $count ->
    [one] a unit's cap changed
   *[other] { $count } units' caps changed
}
run-changed-courses = the courses or the parties changed
run-changed-unknown = the details of the earlier inputs cannot be read
conflict-run-not-committed-by = party { $party } has not committed run { $id }

## hotline
nav-hotline = Hotline
hotline-lead = Messages between the parties' deconfliction officers. Each must be acknowledged before its deadline; an unacknowledged message escalates to the next officer of the roster, then to the joint office.
hotline-inbox = Inbox
hotline-outbox = Sent
hotline-none = No messages.
hotline-compose = New message
hotline-to = To
hotline-from = From
hotline-priority = Priority
hotline-priority-routine = Routine
hotline-priority-urgent = Urgent
hotline-priority-flash = Flash
hotline-subject = Subject
hotline-declaration = Declared activity (code, optional)
hotline-body = Message
hotline-send = Send
hotline-sent = Sent at
hotline-deadline = Acknowledge within
hotline-overdue = overdue
hotline-waiting-on = waiting on
hotline-reply = Reply (optional)
hotline-acknowledge = Acknowledge
hotline-acknowledged-by = Acknowledged by
hotline-status-sent = awaiting acknowledgement
hotline-status-escalated = escalated
hotline-status-joint-office = escalated to the joint office
hotline-status-acknowledged = acknowledged
hotline-level = level
hotline-roster = Escalation roster
hotline-roster-help = The duty officer first; an overdue message goes to the next officer, and after the last to the joint office.
hotline-roster-empty = No roster: every deconfliction officer is told of a new message, and an overdue one goes to the joint office.
hotline-roster-edit = Officers' user names, one a line, duty officer first
hotline-thread = Hotline thread
hotline-back = Back to the hotline
hotline-answer = Answer in this thread
notify-hotline-message = Hotline ({ $priority ->
        [flash] flash
        [urgent] urgent
       *[other] routine
    }) from { $from }: { $subject } — acknowledge it.
notify-hotline-escalated = Escalated to you (level { $level }): the hotline message from { $from }, { $subject }, is not acknowledged.
notify-hotline-joint-office = Escalated to the joint office: the hotline message from { $from }, { $subject }, is not acknowledged by any officer.
notify-hotline-acknowledged = { $from } acknowledged your hotline message { $subject } ({ $by }).

nomination-status-nominated = Nominated
nomination-status-approved = Approved
nomination-status-accepted = Accepted
nomination-status-waitlisted = Waiting list
nomination-status-withdrawn = Withdrawn
nomination-status-cancelled = Cancelled
nomination-status-completed = Completed
nomination-status-failed = Failed
unit-nominations-title = Nominations of { $unit }
unit-nominations-lead = The nominations of the unit's people, the newest first, with where each stands.
unit-nominations-host = Host
nomination-last-step = Last step

## Passwords, sign-in throttling and seals (issue 16)
password-too-short = The password must be at least 10 characters.
password-too-long = The password must be at most 1024 bytes.
password-like-username = The password must not contain or resemble the user name.
password-guessable = The password is too easy to guess: a common or leaked password, a pattern, or a word with small changes.
username-other-party = A user name must not start with another party's code.
signin-throttled = Too many failed sign-ins with this name from this address: try again in { $seconds } s.
seal-awaiting = Waiting for the seal of { $party }: it signs on its own machine.
unit-commanded = Unit commanded
unit-commanded-hint = Required of a unit commander: the people they see and nominate are those of this unit and the units under it.
unit-change = Change unit
instructors-title = Instructors
instructors-none = No instructor teaches this session yet; only its instructors see its trainees and take attendance.
instructor-assign = Assign an instructor
instructor-release = Release
step-nominate = Nominated
step-approve = Approved by the sending party
step-accept = Accepted by the host
step-waitlist = Put on the waiting list
step-promote = Given a freed seat
step-withdraw = Withdrawn
step-replace = Replaced
step-cancel = Cancelled with the session
step-order = Travel order issued
step-arrive = Arrived
step-depart = Departed
step-completed = Completed the course
step-failed = Did not complete the course
step-certify = Certificate issued
step-vetting = Check { $check }: { $outcome }
session-status-planned = Planned
session-status-open = Open for nominations
session-status-confirmed = Confirmed
session-status-running = Running
session-status-completed = Completed
session-status-cancelled = Cancelled
vetting-outcome-passed = Passed
vetting-outcome-failed = Failed
audit-action-create = Created
audit-action-update = Changed
audit-action-archive = Archived
audit-action-status = Status changed
audit-action-link = Account linked to its person
audit-action-set-unit = Commanded unit set
audit-action-unlock-sign-in = Sign-in unlocked
audit-action-enable-totp = Second factor turned on
audit-action-disable-totp = Second factor turned off
audit-action-create-calendar-feed = Calendar address created
audit-action-assign-instructor = Instructor assigned
audit-action-release-instructor = Instructor released
audit-action-email = E-mail address set
audit-action-load = Agreement loaded
audit-action-qualify = Qualification granted
audit-action-assess = Assessment recorded
audit-action-attendance = Attendance taken
audit-action-evaluate = Course evaluated
audit-action-issue = Document issued
audit-action-revoke = Certificate revoked
audit-action-request-seal = Seal requested
audit-action-register-witness-key = Witness key registered
audit-action-declare = Activity declared
audit-action-confirm = Confirmed
audit-action-amend = Amended
audit-action-cancel = Cancelled
audit-action-run = Allocation run
audit-action-resolve = Allocation run again
audit-action-commit = Key turned on the plan
audit-action-committed = Plan applied
audit-action-hotline-send = Hotline message sent
audit-action-hotline-ack = Hotline message acknowledged
audit-action-hotline-escalate = Hotline message escalated
audit-action-hotline-roster = Hotline roster changed
object-kind-agreement = Agreement
object-kind-allocation-run = Allocation run
object-kind-certificate = Certificate
object-kind-travel-order = Travel order
object-kind-course = Course
object-kind-declaration = Declared activity
object-kind-hotline-message = Hotline message
object-kind-hotline-roster = Hotline roster
object-kind-institution = Institution
object-kind-nomination = Nomination
object-kind-person = Person
object-kind-engagement-plan = Engagement plan
object-kind-seal-request = Seal request
object-kind-session = Session
object-kind-unit = Unit
object-kind-user = Account
object-kind-witness-key = Witness key

email-status-none = no address
email-status-pending = waiting to be e-mailed
email-status-sent = e-mailed
email-status-failed = e-mail failed

ineligible-rank-below = rank: { $rank } is below the course's lowest rank { $min }
ineligible-rank-above = rank: { $rank } is above the course's highest rank { $max }
ineligible-language = language: the course is taught in { $course }, which the person does not speak ({ $spoken })
ineligible-prerequisite = prerequisite: the course requires the qualification { $qualification }
ineligible-overlap = overlap: already committed to session { $session } ({ $start } – { $end })
ineligible-unit-cap = unit cap: unit { $unit } may have at most { $cap } people away at once

error-field = { $field }: { $message }
error-unexpected = an unexpected error occurred; it has been logged
error-does-not-exist = { $what } does not exist
error-corrupt = { $what } cannot be read; nothing was changed
error-no-page = no page at { $path }
ineligible = not eligible

record-of = { $kind } { $id }
corrupt-status = the status of { $what }
corrupt-quota = the quota of { $what }
corrupt-plan = the plan of { $what }
corrupt-footprint = the footprint of { $what }
corrupt-email-status = the e-mail status of { $what }

# Records named in refusals, and refusals of records of another party
record-travel-order = the travel order of nomination { $id }
record-document = document { $reference }
record-notification = notification { $id }
calendar-of = the calendar of { $what }
vetting-check-of = the { $check } check of nomination { $id }
corrupt-vetting-outcome = the outcome of vetting record { $id }
forbidden-not-own = { $what } is not of party { $party }; its users cannot change it
forbidden-other-party-record = { $what } belongs to party { $party }; users of { $own } cannot change it
conflict-code-exists = code: { $what } already exists
conflict-username-taken = username: { $username } is taken
conflict-service-number-registered = service_number: { $number } is already registered for party { $party }
conflict-already-evaluated = nomination { $id } is already evaluated
invalid-stored-agreement = the stored agreement no longer checks: { $fault }
invalid-period-ends-before = the period ends ({ $to }) before it starts ({ $from })
invalid-email = "{ $email }" is not an e-mail address
forbidden-no-account-address = only an account has an address
invalid-no-randomness = no random numbers could be drawn: { $error }


invalid-search-too-long = a search is { $max } characters at most
invalid-search-words = a search takes { $max } words at most
invalid-date = "{ $text }" is not a date (YYYY-MM-DD)
invalid-comment = must be at most 1000 characters without control characters
invalid-code-length = must be 1 to 64 characters
invalid-session-ends-before = the session ends before it starts
invalid-at-least-one = must be at least 1
invalid-required = is required
invalid-not-a-party = { $party } is not a party of the agreement
invalid-quota-negative = the quota of { $party } is negative
invalid-priority = must be from 1 (highest) to 9
invalid-archived = { $what } is archived
invalid-step = "{ $step }" is not a step taken here
invalid-nomination-status = "{ $status }" is not a status of a nomination ({ $codes })
invalid-page-without-per-page = without per_page every nomination is on page 1
invalid-same-person = the replacement is the same person
conflict-session-not-open = session { $session } is { $status }, not open for nominations
conflict-already-nominated = person { $person } is already nominated for session { $session }
conflict-cannot-step = nomination { $id } is { $status }; it cannot { $step }
conflict-not-awaiting-approval = nomination { $id } is { $status }, not awaiting approval
conflict-approve-before-accept = nomination { $id } is { $status }; the sending party must approve it before the host accepts
conflict-already = nomination { $id } is already { $status }
conflict-session-move = session { $session } is { $status } and cannot become { $to }
conflict-cannot-replace = nomination { $id } is { $status } and cannot be replaced
forbidden-unit-nominations = unit { $unit }: a unit's nominations are listed to its own party only
forbidden-not-you = person { $person } is not you
do-step-nominate = be nominated
do-step-approve = be approved
do-step-accept = be accepted
do-step-waitlist = go on the waiting list
do-step-promote = be given a freed seat
do-step-withdraw = be withdrawn
do-step-replace = be replaced
do-step-cancel = be cancelled
do-step-order = have a travel order issued
do-step-arrive = arrive
do-step-depart = depart
do-step-completed = complete the course
do-step-failed = fail the course
do-step-certify = have a certificate issued

conflict-status-cannot = nomination { $id } is { $status }; cannot { $doing }
doing-record-vetting = record vetting
doing-issue-order = issue a travel order
doing-confirm-arrival = confirm arrival
doing-record-assessment = record an assessment
doing-record-result = record a result
doing-issue-certificate = issue a certificate
invalid-person-other-party = the person belongs to another party than the account
invalid-vetting-outcome = "{ $outcome }" is neither passed nor failed
invalid-check = "{ $check }" is not a check the agreement requires ({ $codes })
invalid-check-no-level = the { $check } check records no level
invalid-check-needs-level = the { $check } check records the level found, on the { $scale } scale
invalid-level-below = { $level } is below the { $min } the agreement requires to pass the { $check } check
conflict-order-issued = the travel order of nomination { $id } is already issued
conflict-vetting-incomplete = no travel order before every vetting check has passed; not passed yet: { $missing }
conflict-arrival-confirmed = the arrival of nomination { $id } is already confirmed
conflict-no-order = nomination { $id } has no travel order yet
invalid-day-after-end = { $day } is after the session ends ({ $end })
conflict-not-arrived = nomination { $id } has not arrived
conflict-departure-confirmed = the departure of nomination { $id } is already confirmed
invalid-day-before-arrival = { $day } is before the arrival ({ $arrived })
invalid-mark = nomination { $id }: "{ $mark }" is not one of { $codes }
forbidden-not-teaching = you do not teach session { $session }
conflict-no-attendance = session { $session } is { $status }; attendance is not taken
invalid-not-a-day = { $day } is not a day of session { $session } ({ $start } – { $end })
invalid-not-of-session = nomination { $id } is not of session { $session }
invalid-not-arrived-on = nomination { $id } had not arrived on { $day }
invalid-name-length = must be 1 to 120 characters
invalid-score = { $score } is not from 0 to 100
invalid-grade-length = must be at most 32 characters
invalid-result-outcome = "{ $outcome }" is neither completed nor failed
invalid-failure-reason = a failure needs its reason
conflict-no-results = session { $session } is { $status }; results are recorded once it runs
invalid-rating = { $rating } is not from 1 to 5
forbidden-not-the-trainee = only the trainee of nomination { $id } evaluates the course
conflict-not-attended = nomination { $id } has not attended the course
conflict-certificate-issued = the certificate of nomination { $id } is already issued
invalid-revocation-reason = a revocation needs its reason
conflict-revoked = certificate { $code } is already revoked

auth-sign-in-first = sign in first
auth-no-policy = { $method } { $path } has no access policy
auth-sign-in-first-api = sign in first: send a bearer token from POST /api/v1/login
auth-role-may-not = the role { $role } may not use { $method } { $path }
auth-wrong-password = unknown user name or wrong password
auth-throttled = too many failed sign-ins with this name from this address: try again in { $seconds } s
auth-needs-code = this account needs its authentication code
auth-wrong-code = the authentication code is wrong or was already used

invalid-one-of = "{ $value }" is not one of { $codes }
invalid-party-code = "{ $text }" is not a party code (two to four capital letters, such as TR)
invalid-rank = "{ $text }" is not a STANAG 2116 code (OR-1…OR-9, WO-1…WO-5, OF-1…OF-10)
invalid-rank-grade = grade { $grade } is outside 1..={ $max } for this band
invalid-role = "{ $code }" is not a role; expected one of { $codes }
invalid-page = { $page } is not a page from 1 to { $max }
invalid-per-page = { $per_page } is not from 1 to { $max }
invalid-scale = "{ $scale }" is neither "cefr" nor "stanag6001"
invalid-cefr = "{ $level }" is not a CEFR level (A1, A2, B1, B2, C1, C2)
invalid-stanag = "{ $level }" is not a STANAG 6001 profile: four levels 0 to 5 (listening, speaking, reading, writing), each with an optional +, such as 3232 or 2+222
invalid-too-long = is longer than { $max } characters
invalid-control-characters = contains control characters
invalid-service-number = may hold only letters, digits and dashes
invalid-language = "{ $code }" is not an ISO 639-1 code such as ar, tr or en
invalid-qualification = "{ $code }" is not a qualification code (capital letters, digits, -)
invalid-unit-required = must name a unit

invalid-idempotency-key-required = is required (the Idempotency-Key header or the idempotency_key field), so that a retried send cannot send twice
invalid-idempotency-key = must be 1 to { $max } visible ASCII characters
forbidden-hotline-send = only a signed-in deconfliction officer sends hotline messages
invalid-reply-to = a reply to message { $id } goes to { $to }, not { $given }
invalid-to-required = is required: the receiving party's code
invalid-to-own = the hotline is between parties; { $party } is your own
invalid-to-party = "{ $party }" is not a party of the agreement (expected { $codes })
conflict-key-in-use = idempotency_key "{ $key }" is being used
conflict-key-used = idempotency_key "{ $key }" was already used for hotline message { $id } with other content; use a new key for a new message
forbidden-hotline-ack = only a signed-in deconfliction officer acknowledges
forbidden-ack-other = hotline message { $id } is to { $party }; only { $party } acknowledges it
conflict-already-acknowledged = hotline message { $id } was already acknowledged by { $by }
invalid-roster-size = a roster has at most 50 officers
invalid-roster-account = "{ $name }" is not an account of { $party }
invalid-roster-officer = "{ $name }" is not an active deconfliction officer
invalid-roster-twice = "{ $name }" is on the roster twice
invalid-code = "{ $code }" is not a code (letters, digits, - and _)
invalid-text-200 = must be at most 200 characters without control characters
invalid-text-4000 = must be at most 4000 characters without control characters
invalid-negative = must not be negative
conflict-archived-edit = { $what } is archived and cannot be edited
invalid-unit-cycle = a unit cannot be placed under itself or one of its own sub-units
conflict-already-archived = { $what } is already archived
conflict-unit-members = unit { $unit } still has { $count } active member(s); move or archive them first
conflict-unit-children = unit { $unit } still has { $count } active sub-unit(s)
invalid-domain = "{ $domain }" is not a training domain of the agreement
invalid-max-rank = { $max } is below the lowest rank { $min }
invalid-article = the agreement has no article "{ $article }"
invalid-no-session-in-period = no session open for allocation starts from { $from } to { $to }
invalid-pinned-and-forbidden = nomination { $id } is both pinned and forbidden
invalid-not-in-run = nomination { $id } is not among the nominations of { $from } to { $to }
invalid-forbid-held = nomination { $id } already holds a seat; withdraw it instead of forbidding it

invalid-username = must be 3 to 64 letters, digits, dots, dashes or underscores
invalid-commander-unit = a unit commander commands a unit: choose which
invalid-unit-not-commander = only a unit commander commands a unit
invalid-no-instructor = instructor { $name } does not exist
forbidden-other-party-accounts = users of { $party } cannot create accounts for party { $other }
invalid-username-party = must not start with another party's code; names of { $party } start with { $prefix }.
forbidden-no-account = only a signed-in account can do this
forbidden-unit-other-party = unit { $unit } is not of party { $party }; its people cannot be attached to it
invalid-activity-kind = "{ $kind }" is not a kind of activity: exercise, flight, demining, convoy, firing or other

conflict-totp-enabled = the second factor is already enabled
invalid-totp-secret = is not a TOTP secret issued by this server
invalid-id = "{ $text }" is not an id
error-no-agreement = no agreement is loaded
error-unknown-field = the form has an unknown field "{ $field }"
invalid-adjustment = "{ $value }" is not one of pin, forbid or nothing
error-body-too-large = the body is larger than { $max } bytes
error-body-not-json = the body must be JSON, sent with Content-Type: application/json
error-body-not-object = the body must be a JSON object
invalid-limit = { $limit } is not from 1 to 1000
invalid-choose-institution = choose an institution
forbidden-course-other-party = course { $course } belongs to party { $party }; users of { $own } cannot change it
invalid-time = "{ $text }" is neither an RFC 3339 time (2027-03-01T06:00:00Z) nor a day (2027-03-01)
invalid-period-order = the end of the period is not after its start
invalid-bbox = "{ $text }" is not west,south,east,north in degrees
invalid-active-or-all = "{ $value }" is neither active nor all
invalid-number = "{ $text }" is not a number
invalid-footprint-one-way = give the footprint one way: GeoJSON text, a .geojson file, or a circle's centre and radius
forbidden-declaration-other-party = declaration { $code } belongs to another party; it cannot be amended here
conflict-declaration-cancelled = declaration { $code } is cancelled; declare anew

invalid-choose-pdf = choose the PDF file to verify
error-send-pdf = send the document to verify, a PDF, as the body
invalid-seal-signature = it is not the party's seal signature of this document
invalid-not-a-message = "{ $text }" is not a message
invalid-mailbox = "{ $value }" is not inbox, outbox or all
invalid-key-header = the Idempotency-Key header is not visible ASCII
invalid-key-differs = the Idempotency-Key header and the idempotency_key field differ
invalid-choose-replacement = choose the replacement
forbidden-hosted-by = session { $session } is hosted by { $party }
invalid-number-range = "{ $text }" is not a number from { $range }
conflict-no-ledger-identity = this server has no ledger identity configured
error-no-checkpoint = no checkpoint has been signed yet
conflict-no-checkpoint-key = this server does not hold the host's checkpoint key
conflict-no-sealing-keys = this server holds no document-sealing keys
conflict-no-seal-key = no sealing key of party { $party } is known: the agreement must pin its seal_key
invalid-choose-person = choose a person
invalid-true-false = "{ $value }" is neither true nor false

# Requests the server cannot read
error-body-unreadable = the body could not be read: { $problem }
error-body-not-seal = the body is not a seal: { $problem }
error-form-unreadable = the form could not be read: { $problem }
error-form-too-large = the form is larger than the server accepts
error-field-not-utf8 = { $field }: not UTF-8 text (the bytes sent are not characters)
error-field-name-not-utf8 = a field's name is not UTF-8 text
error-upload-unreadable = the upload could not be read: { $problem }
error-path-unreadable = the path could not be read: { $problem }
error-query-unreadable = the query string could not be read: { $problem }
unreadable-missing-field = the field { $field } is missing
unreadable-unknown-field = there is no field { $field }
unreadable-field = the field { $field } holds a value of the wrong kind
unreadable-syntax = it is not well-formed JSON (line { $line }, column { $column })
unreadable-value = a value is of the wrong kind or the text is not well-formed
error-cross-origin = the request was refused: cross-origin form posts are not accepted
error-method-not-allowed = this address does not take that method
error-http-status = the request failed (HTTP status { $status })
error-no-file = no file { $file }
error-no-calendar = no calendar at this address
invalid-whole-number = "{ $text }" is not a whole number
invalid-unit-id = "{ $text }" is not a unit id
invalid-choose-unit = choose a unit
invalid-choose-course = choose a course

# Destructive steps ask to be confirmed.
confirm-required = confirm that this cannot be undone
confirm-final = I confirm: this cannot be undone

# The hotline cites declared activities by their code.
invalid-declaration-code = no declared activity has the code { $code }

# The name of each STANAG 2116 rank (the documents print it beside the code).
rank-name-or-1 = Private
rank-name-or-2 = Private First Class
rank-name-or-3 = Lance Corporal
rank-name-or-4 = Corporal
rank-name-or-5 = Sergeant
rank-name-or-6 = Staff Sergeant
rank-name-or-7 = Sergeant First Class
rank-name-or-8 = Master Sergeant
rank-name-or-9 = Sergeant Major
rank-name-wo-1 = Warrant Officer 1
rank-name-wo-2 = Chief Warrant Officer 2
rank-name-wo-3 = Chief Warrant Officer 3
rank-name-wo-4 = Chief Warrant Officer 4
rank-name-wo-5 = Chief Warrant Officer 5
rank-name-of-1 = Lieutenant
rank-name-of-2 = Captain
rank-name-of-3 = Major
rank-name-of-4 = Lieutenant Colonel
rank-name-of-5 = Colonel
rank-name-of-6 = Brigadier General
rank-name-of-7 = Major General
rank-name-of-8 = Lieutenant General
rank-name-of-9 = General
rank-name-of-10 = Field Marshal

# The inbox: what awaits the user's action on the home page.
inbox-title = Awaiting your action
inbox-empty = Nothing awaits your action.
inbox-approve = { $count ->
    [one] { $count } nomination awaits your party's approval
   *[other] { $count } nominations await your party's approval
}
inbox-accept = { $count ->
    [one] { $count } nomination awaits your acceptance as host
   *[other] { $count } nominations await your acceptance as host
}
inbox-vet = { $count ->
    [one] { $count } accepted trainee awaits a vetting check of your party
   *[other] { $count } accepted trainees await a vetting check of your party
}
inbox-order = { $count ->
    [one] { $count } trainee, every check passed, awaits a travel order
   *[other] { $count } trainees, every check passed, await a travel order
}
inbox-attendance = { $count ->
    [one] { $count } session awaits today's attendance ({ $day })
   *[other] { $count } sessions await today's attendance ({ $day })
}
inbox-take-attendance = Take attendance
nav-my-training = My training
my-training-title = My training
my-training-transcript = Download my transcript (PDF)
my-training-no-person = Your account is not linked to a person of the registry yet: ask your party's office to link it.
my-training-coming = Coming and current
my-training-past = Past
my-training-none = None.
my-training-status = Status
my-training-joining-title = Joining instructions
my-training-joining = Report to { $institution }, { $city } ({ $place }) on { $day }. Instruction is in { $language }. Carry your travel order.
search-title = Search
search-what = Name, service number, session or course
search-all = All of them
search-people = { $count ->
    [one] { $count } person
   *[other] { $count } people
}
search-sessions = { $count ->
    [one] { $count } session
   *[other] { $count } sessions
}
search-courses = { $count ->
    [one] { $count } course
   *[other] { $count } courses
}
inbox-more = { $count ->
    [one] and { $count } more, older first
   *[other] and { $count } more, older first
}
inbox-approve-selected = Approve the selected
inbox-accept-selected = Accept the selected
inbox-confirm = I have reviewed each one selected
inbox-select = Select
inbox-since = Waiting since
inbox-refused = Some were not changed:
inbox-none-selected = select at least one nomination
inbox-count = { $count ->
    [one] { $count } item awaits your action
   *[other] { $count } items await your action
}
inbox-seal = { $count ->
    [one] { $count } document awaits your party's seal
   *[other] { $count } documents await your party's seal
}
inbox-seal-how = Your party's seal is applied on your own machine, where its key is kept: download each document to read it, then run
inbox-seal-kind = Document
inbox-seal-reference = Reference
inbox-seal-download = Download to read
inbox-acknowledge = { $count ->
    [one] { $count } hotline message awaits your party's acknowledgement
   *[other] { $count } hotline messages await your party's acknowledgement
}
alloc-solve-again = Solve this period again

# Technical assistance: engagement plans
plan-status-draft = Draft
plan-status-active = Active
plan-status-closed = Closed
indicator-direction-increase = should rise
indicator-direction-decrease = should fall
indicator-direction-maintain = should hold
plan-not-ready = the plan cannot be activated yet: { $missing }
plan-not-draft = only a draft plan is activated; this one is { $status }
plan-missing = missing
plan-missing-objectives = it has no objective
plan-missing-absorptive-capacity = the partner's absorptive capacity is not stated
plan-missing-sustainment = there is no sustainment plan
plan-missing-milestones = it has no milestone
plan-missing-indicators = objective { $objective } has no indicator
plan-missing-baseline = indicator { $indicator } has no baseline
plan-missing-targets = indicator { $indicator } has no target
invalid-target-period = a target needs the end of its period
invalid-target-before-baseline = the period ends on { $end }, not after the baseline of { $baseline }
invalid-text-max = at most { $max } characters, without control characters
invalid-not-finite = must be a number
invalid-track = "{ $track }" is not an assistance track of the agreement
invalid-plan-own-institution = a plan serves an institution of the other party
invalid-plan-no-such = the plan has no { $code }
invalid-plan-party = { $party } is not a party of this plan
conflict-plan-not-draft = { $what } is no longer a draft
conflict-plan-code-exists = the plan already has { $code }
nav-assistance = Assistance
plans-title = Engagement plans
plans-lead = Technical assistance by track of the agreement: each plan's objectives, indicators with their baseline and targets, and milestones.
plans-none = No plan yet.
plan-new = A new plan
plan-create = Create the plan
plan-track = Track
plan-partner = Partner
plan-status = Status
plan-statements = Absorptive capacity and sustainment
plan-absorptive-capacity = The partner's absorptive capacity
plan-sustainment = Sustainment plan
plan-objectives = Objectives and indicators
plan-objective = Objective
plan-none-yet = None yet.
plan-no-indicator = No indicator yet.
plan-indicator = Indicator
plan-unit = Unit
plan-direction = Direction
plan-measured-by = Measured by
plan-baseline = Baseline
plan-targets = Targets
plan-value = Value
plan-date = Date
plan-source = Source
plan-method = Method
plan-period-end = End of the period
plan-add-objective = Add an objective
plan-add-indicator = Add an indicator
plan-set-target = Set a target
plan-add-milestone = Add a milestone
plan-add = Add
plan-milestones = Milestones
plan-due = Due
plan-owner = Owner
plan-evidence = Evidence expected
plan-activate-lead = A plan is activated once it has objectives with indicators, each with a baseline and a target, milestones, and both statements.
plan-activate = Activate the plan
plan-missing-key = { $party } has not agreed to this version of the objectives, indicators and targets
audit-action-agree = Key turned on the plan's version
conflict-plan-agreed = { $party } has already agreed to this version
plan-keys = Both parties' keys
plan-keys-lead = The objectives, indicators, baselines and targets are agreed when both joint offices have turned their key on the same version; any change makes a new version. This version:
plan-agreed = agreed by both parties
plan-not-agreed = not yet agreed by both parties
plan-agree = Agree to this version

# Technical assistance: advisors, deployments and reports
deployment-status-planned = Planned
deployment-status-active = Deployed
deployment-status-ended = Ended
report-status-draft = Draft
report-status-submitted = Awaiting review
report-status-returned = Returned for changes
report-status-approved = Approved
report-step-submit = Submit for review
report-step-return = Return with a comment
report-step-approve = Approve
milestone-progress-not-started = Not started
milestone-progress-underway = Underway
milestone-progress-done = Done
milestone-progress-blocked = Blocked
invalid-end-before-start = the last day ({ $end }) is before the first ({ $start })
invalid-deployment-too-long = a deployment may last at most { $days } days
invalid-extension-not-later = an extension must end after { $end }
invalid-early-end = an early end must fall from { $start } to the day before { $end }
invalid-early-end-past = an early end cannot be set in the past
invalid-rrule = "{ $rule }" is not a recurrence rule (for example FREQ=MONTHLY)
invalid-rrule-reason = the recurrence rule does not read: { $reason }
invalid-rrule-too-often = reports may fall due daily at the most
invalid-rrule-too-many = the rule asks for more than { $max } reports
invalid-rrule-never = the rule never falls due from { $start } to { $end }
invalid-measured-on = must be a day from { $start } to { $end }
object-kind-deployment = Deployment
object-kind-advisor-report = Advisor's report
object-kind-measurement = Measurement
audit-action-extend = Extended
audit-action-end-early = Ended early
audit-action-submit = Submitted for review
audit-action-return = Returned with a comment
audit-action-approve = Approved
audit-action-contest = Contested
audit-action-schedule = Report schedule set
invalid-too-many = at most { $max } may be sent at once
invalid-repeated = "{ $code }" is given twice
invalid-deployment-plan-institution = must be the institution of the plan
invalid-deployment-plan-track = must be the track of the plan
invalid-deployment-no-plan-objectives = objectives can be named only with a plan
conflict-deployment-ended = { $what } has ended
forbidden-not-the-advisor = only the advisor of this deployment writes its reports
invalid-report-not-due = no report falls due on { $day } in this deployment's schedule
conflict-report-not-editable = the report due on { $day } is under review or approved and can no longer be changed
forbidden-report-step = this step is not yours to take
conflict-report-step = a report that is "{ $status }" cannot take the step "{ $step }"
deployments-title = Advisors' deployments
deployments-lead = Who is deployed where, for which plan, and whether their reports are in.
deployments-none = No advisor is deployed yet.
deployment-advisor = Advisor
deployment-plan = Engagement plan
deployment-overdue = Reports overdue
deployment-new = Deploy an advisor
deployment-create = Deploy
deployment-objectives-help = Codes of the plan's objectives, separated by commas (O1, O2)
deployment-start = First day
deployment-end = Last day
deployment-planned-end = first planned
deployment-end-reason = Reason for an early end
deployment-end-reason-help = Leave empty to extend; with a reason, an earlier last day ends the deployment early.
deployment-schedule = Report schedule
deployment-reports = Reports due
deployment-due-on = Due on
deployment-report-overdue = Overdue
deployment-change-end = Extend or end early
plan-milestone = Milestone
report-title = Advisor's report
report-write = Write a report
report-summary = Summary of progress
report-notes = Working notes (your party's alone unless released)
report-notes-released = Release the working notes to the other party
report-progress = Progress on the milestones
report-progress-note = Note
report-measurements = Measurements
report-value = Value
report-measured-on = Measured on
report-contested = Contested values
report-contest = Contest this value
report-contest-value = Your party's value
report-contest-reason = Reason
report-review-comment = Review comment
completeness-title = What is missing or late
completeness-lead = Plans, deployments, reports and milestones that need the joint offices' attention, as of today.
completeness-none = Nothing.
completeness-no-baseline = { $count ->
    [one] { $count } plan without a baseline
   *[other] { $count } plans without a baseline
}
completeness-no-plan = { $count ->
    [one] { $count } deployment without a plan
   *[other] { $count } deployments without a plan
}
completeness-overdue = { $count ->
    [one] { $count } report overdue
   *[other] { $count } reports overdue
}
completeness-unreviewed = { $count ->
    [one] { $count } report waiting for review
   *[other] { $count } reports waiting for review
}
completeness-late-milestones = { $count ->
    [one] { $count } milestone past due
   *[other] { $count } milestones past due
}
completeness-no-baseline-h = Plans without a baseline
completeness-no-plan-h = Deployments without a plan
completeness-overdue-h = Reports overdue
completeness-unreviewed-h = Reports waiting for review
completeness-late-milestones-h = Milestones past due
completeness-indicators = Indicators without a baseline
completeness-reviewer = Reviewed by
progress-title = Progress
progress-csv = Download as CSV
progress-baseline = Baseline
progress-target = Target
progress-reported = Reported
progress-contested = Contested
progress-kind = Kind
progress-burn-up = Milestones: due and done
progress-due = Due by then
progress-done = Done by then
progress-day = Day
progress-pdf = Download the progress report (PDF)
inbox-review = { $count ->
    [one] { $count } advisor's report awaits your party's review
   *[other] { $count } advisors' reports await your party's review
}
inbox-write-report = { $count ->
    [one] { $count } report of yours is due or returned
   *[other] { $count } reports of yours are due or returned
}
abroad-advisors = Advisors deployed
plan-indicator-kind = Kind of indicator (the agreement says who measures it)
plan-measured-by-kind = As its kind says
invalid-indicator-kind = "{ $kind }" is not a kind of indicator of the agreement
invalid-measured-by-kind = the agreement has { $party } measure an indicator of the kind "{ $kind }"
progress-month = Reported (the month's mean)
progress-xlsx = Download as a workbook (XLSX)
progress-sheet-values = Every value
progress-sheet-months = By month
progress-mean = Mean
progress-min = Lowest
progress-max = Highest
progress-n = Values
plan-history = History of its changes and keys

# Advisors' clearance and report notices (issue 19).
conflict-deployment-not-cleared = no report before every vetting check of the deployment has passed; not passed yet: { $missing }
audit-action-vet = Vetting check recorded
deployment-vetting = Vetting checks
deployment-vetting-help = The advisor reports once every check has passed. Each check is recorded by the party named beside it.
deployment-cleared = Cleared
deployment-not-cleared = Not cleared: vetting checks outstanding
deployment-record-check = Record a check
inbox-vet-deployments = { $count ->
    [one] { $count } advisor's deployment awaits your party's vetting checks
   *[other] { $count } advisors' deployments await your party's vetting checks
}
notify-report-overdue = The reports of deployment { $deployment } are overdue: { $count } since { $day }.
notify-report-unreviewed = The report of deployment { $deployment } due on { $day } has waited more than { $days } days for review.
notify-deployment-vetting-failed = The advisor of deployment { $deployment } failed the { $check } check.
completeness-not-cleared = { $count ->
    [one] { $count } deployment waiting for vetting checks
   *[other] { $count } deployments waiting for vetting checks
}
completeness-not-cleared-h = Deployments waiting for vetting checks

# Force integration (issue 20).
integration-stage-register = Registered
integration-stage-verify-identity = Identity verified
integration-stage-vet = Vetted
integration-stage-harmonise-rank = Rank harmonised
integration-stage-assign = Assigned
integration-stage-hand-over = Command handed over
integration-mode-bloc = As a bloc
integration-mode-individual = Person by person
integration-mode-mixed = Mixed
integration-flag-stalled = Stalled
integration-flag-at-risk = At risk
integration-flag-paper-only = Paper only
integration-paper-only-no-date = the commitment has no date
integration-paper-only-no-owner = the commitment has no owner
integration-stalled-reason = due { $due }; no verified progress for { $days } days (the last on { $last }: { $count } of { $target })
integration-at-risk-reason = at the verified pace of { $per_week } a week it finishes on { $finish } (by { $latest } at the slowest), after its deadline { $due }
integration-at-risk-never = nothing moves it: { $count } verified, deadline { $due }
audit-action-deadline = Deadline set
audit-action-verify = Count verified
audit-action-report = Figure reported
object-kind-formation = Formation
invalid-integration-count = a headcount from 0 to { $max }
invalid-integration-party = { $party } is not a party of the agreement
invalid-integration-before-start = before the formation's first day, { $start }
invalid-integration-future = a day still to come
invalid-integration-day-order = before the stage's last count, of { $last }
invalid-integration-count-down = lower than the last count ({ $last }): say why
invalid-integration-stage-skipped = more than verified at the stage before ({ $stage }: { $reached }); no stage is skipped
integration-reason-withheld = the figures behind it are under { $under } people and are not shown
integration-figure-verified = Verified
integration-figure-reported = Reported by the formation
nav-integration = Integration
integration-title = Force integration
integration-lead = Each formation's stages: the counts verified (who, when, how, from which list) and beside them the figures the formation reported, never mixed; each stage's deadline and its flags.
integration-board-help = In each cell the verified count, and in brackets the formation's own figure. A count under ten people of the other party is not shown.
integration-none = No formation yet.
integration-formation = Formation
integration-declared = Declared strength
integration-origin = Origin
integration-mode = How it joins
integration-starts-on = First day
integration-new = A new formation
integration-create = Enter the formation
integration-withheld = under 10
integration-stage = Stage
integration-due = Deadline
integration-clause = Clause
integration-owner = Answers for it
integration-flags = Flags
integration-binding = binding
integration-indicative = indicative
integration-record-count = Record a count
integration-figure = Figure
integration-count = Headcount
integration-on-day = Day
integration-list = List
integration-reason = Reason (for a lower count)
integration-set-deadline = Set a stage's deadline
notify-integration-flag = Formation { $formation }: { $stage } is flagged { $flag }.
# The roster of candidates for integration.
audit-action-import = Roster imported
audit-action-reintegrate = Sent to reintegration
object-kind-candidate = Candidate
record-node-secret = The node's secret { $name }
candidate-status-active = On its way
candidate-status-integrated = Integrated
candidate-status-reintegration = Reintegration track
candidate-status-withdrawn = Struck off (second registration)
reintegration-reason-age = Age
reintegration-reason-medical = Medical unfitness
reintegration-reason-vetting = Failed vetting
reintegration-reason-voluntary = Chose civilian life
reintegration-reason-no-post = No post for them
reintegration-reason-other = Other
match-state-open = To review
match-state-distinct = Reviewed: another person
invalid-candidate-born = a date of birth from 1900 to today, not { $text }
invalid-candidate-name = a name with letters in it
invalid-candidate-integrated = this person is already integrated and cannot be registered again
invalid-roster-empty = the roster has no rows
invalid-roster-too-many = at most { $max } rows at once
invalid-roster-too-big = a file of at most { $max } MB
invalid-roster-ref-taken = { $ref } is already on this roster
invalid-roster-duplicate-ref = the same reference as row { $row }
invalid-roster-duplicate-person = the same person as row { $row }
invalid-roster-unreadable-row = this row cannot be read
invalid-roster-unreadable-file = the file cannot be read as a workbook
invalid-roster-unknown-column = unknown column { $column }; the columns are { $columns }
invalid-roster-column-twice = the column appears twice
invalid-roster-column-missing = this column is missing
invalid-roster-row-width = the row has { $fields } fields where the header has { $header }
invalid-verify-ref-twice = { $ref } is named twice
invalid-verify-not-on-roster = { $ref } is not on this formation's roster
invalid-verify-not-active = { $ref } is not on its way ({ $status })
invalid-verify-already = { $ref } has already passed this stage
invalid-verify-skipped = { $ref } has not passed { $stage } yet; no stage is skipped
invalid-verify-under-review = { $ref } matches another registration: review it first
invalid-integration-roster-verify = this formation keeps a roster: verify the stage for named people
invalid-review-decision = distinct or withdraw, not { $text }
conflict-candidate-not-active = { $what } is not on its way
conflict-candidate-not-flagged = { $what } has nothing to review
roster-title = Roster of { $formation }
roster-lead = The formation's candidates, who belong to its party alone: each one's last verified stage, where they stand, and the registrations that may be the same person.
roster-summary = Roster
roster-total = On the roster
roster-under-review = To review
roster-withheld = Figures under 10 people of the other party are not shown.
roster-link = Open the roster
roster-import = Import a roster
roster-file = CSV or XLSX file
roster-import-help = Columns: roster_ref, full_name, date_of_birth (YYYY-MM-DD) and, where the list records them, mother_name and birthplace (they tell namesakes apart). All rows or none: every faulty row is listed with its line.
roster-import-button = Import
roster-imported = { $imported } candidates imported; { $flagged } match another registration and wait for review.
roster-rejected = Nothing was imported: { $count } faults.
roster-line = Line
roster-column = Column
roster-reason = Reason
roster-ref = Reference
roster-name = Full name
roster-born = Date of birth
roster-mother = Mother's name
roster-birthplace = Place of birth
roster-stage = Last stage verified
roster-status = Status
roster-matches = May be the same person as
roster-match-other = a registration in { $formation }
roster-search = Search
roster-only-flagged = Only those to review
roster-all-statuses = Every status
roster-filter = Show
roster-none = No candidate matches.
roster-page = Page { $page } of { $pages } ({ $total } candidates)
roster-previous = Previous
roster-next = Next
roster-verify = Verify a stage for named people
roster-verify-refs = References, one a line
roster-verify-button = Verify
roster-review-distinct = Another person
roster-review-withdraw = Second registration: strike off
roster-reintegrate-button = To reintegration
roster-note = Note
roster-actions = Actions
roster-page-nav = Pages of the roster
integration-burn-up = Burn-up of verified progress
integration-burn-up-table = The figures of the chart
integration-forecast = Forecast
notify-integration-digest = Force integration, week { $week }: across { $formations } formations, { $stalled } stages stalled, { $at_risk } at risk, { $paper_only } on paper only.
object-kind-target-unit = Unit of the target structure
record-target-unit = Unit { $code } of the target structure
target-kind-division = Division
target-kind-brigade = Brigade
target-kind-battalion = Battalion
invalid-target-parent = no unit of the target structure of this party has the code { $code }
invalid-target-under = a { $kind } cannot stand under a { $parent }
invalid-target-posts-held = { $posts } posts, but the unit holds { $held } people
invalid-verify-no-posts = { $unit } has { $free } free posts
invalid-verify-unit-not-assign = a unit is named at the assignment stage only
integration-structure = Target structure
integration-structure-help = The divisions, brigades and battalions integrated people are assigned to, with their posts: set by the agreement ([[target_units]]) or entered here by the integrating party. Under ten people of the other party are not shown.
integration-unit-kind = Kind
integration-unit-parent = Under
integration-unit-posts = Posts
integration-unit-assigned = Assigned
integration-unit-new = Add a unit
integration-unit = Unit (at the assignment stage)
