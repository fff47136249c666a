package i18n

// The keys, grouped by where a person meets them. A key is used wherever
// its text is meant, whatever the page: Reference is the same words on the
// status page, in the staff listing and in the emails.
const (
	_ Key = iota // zero is no text

	// Every page and email.
	Site
	SwitchLanguage
	AutonymSwedish
	AutonymEnglish
	LanguageSwedish
	LanguageEnglish
	InternalError
	InternalErrorTitle

	// The application form.
	FormTitle
	FormIntro
	Deadline
	ChooseRound
	NoRound
	NextRound
	ErrorSummary
	SwedishParty
	PartnerParty
	ThirdParty
	ProjectSection
	BudgetSection
	BudgetHint
	PerYear
	InTotal
	CapsEurope
	CapsOther
	LangLegend
	Optional
	Choose
	HintEmail
	HintPartnerEmail
	HintPhone
	HintSummary
	HintObjectives
	HintOrganisation
	SubmitApplication
	Honeypot
	SentTitle
	Sent

	// The status page and what it shares with the staff pages and emails.
	StatusTitle
	Thanks
	Reference
	Status
	Project
	SubmittedAt
	Requested
	KeepLink

	// Pages that only say something, and messages about a request.
	NotFoundTitle
	NotFound
	BackToForm
	BadRequestTitle
	TooLarge
	Unsupported
	Malformed
	Conflict
	TokenReused
	TooManyReceipts
	RouteNotFound
	SignInFirst
	NotStaff
	NotStaffTitle
	NotStaffHint
	SignOut
	SignedInAs
	SessionHint
	SignedOutTitle
	SignedOut
	SignInAgain
	SignInFailedTitle
	SignInExpired
	SignInRefused
	CrossOrigin
	ActorRoundJob
	ActorSES
	SigningOutTitle
	SigningOut
	Continue

	// Staff: rounds.
	StaffTitle
	RoundBudget
	Opens
	SubmittedCount
	InReviewCount
	NewDeadline
	Extend
	DeadlineExtended
	BadDeadline
	RoundChanged
	ExtendClosed
	ExtendPast
	ExtendNotLater
	ExtendOverlap

	// Staff: applications and decisions.
	ApplicationsTitle
	ApplicationTitle
	BackToRounds
	BackToApplications
	Filter
	All
	FilterButton
	ApplicationsCount
	ExportCSV
	ExportXLSX
	OnThisPage
	NextPage
	BadLimit
	BadCursor
	ExportTooLarge
	UnknownApplication
	ErrorSummaryDecision
	Grant
	Reject
	SaveDecision
	AuditLog
	When
	Who
	What
	AppChanged
	DecisionLocked
	NotDecidable
	DecisionSaved
	DeadlineMoved
	EmailsQueued
	OverBudget

	// Staff: decision emails.
	NotifyTitle
	Undecided
	UndecidedLabel
	ToQueue
	SendDecisions
	Progress
	FollowUp
	Samples
	Sample
	SampleToSwedish
	SampleToEnglish
	WithoutEnglish
	NoEnglishNote
	WriteEnglish
	AndMore

	// Published granted projects.
	GrantedTitle
	NotPublished
	ProjectsCount
	GrantedCaption
	Partner
	Country
	GrantedAmount

	// CSV exports (column headers that are not a label above).
	CSVReference
	CSVTitle
	CSVRequested
	CSVGranted
	ExportReceived

	// Submissions refused by the round's calendar.
	RoundNotYetOpen
	RoundNoLongerOpen

	// Field labels (programme.FieldLabel).
	FieldRound
	FieldToken
	FieldLang
	FieldSwedishOrganisation
	FieldSwedishContactName
	FieldSwedishEmail
	FieldSwedishPhone
	FieldPartnerOrganisation
	FieldPartnerCountry
	FieldPartnerContactName
	FieldPartnerEmail
	FieldPartnerPhone
	FieldThirdPartyOrganisation
	FieldThirdPartyCountry
	FieldThirdPartyContactName
	FieldThirdPartyEmail
	FieldThirdPartyPhone
	FieldType
	FieldTheme
	FieldTitle
	FieldSummary
	FieldObjectives
	FieldDuration
	FieldBudget
	FieldBudgetYear1
	FieldBudgetYear2
	FieldBudgetYear3
	FieldBody
	FieldOutcome
	FieldAmount
	FieldMotivation
	FieldMotivationSv
	FieldMotivationEn

	// What is wrong with a field (programme's error codes), after its label.
	ReasonRequired
	ReasonTooLong
	ReasonInvalidText
	ReasonLineBreak
	ReasonInvalidEmail
	ReasonInvalidPhone
	ReasonInvalidChoice
	ReasonUnknownOrganisation
	ReasonCountryNotInRound
	ReasonTypeNotOffered
	ReasonThirdPartyNotAllowed
	ReasonDurationRange
	ReasonBudgetYears
	ReasonPositiveAmount
	ReasonOverCapPerYear
	ReasonOverCapTotal
	ReasonNotANumber
	ReasonWrongType
	ReasonUnknownField
	ReasonUnknownRound
	ReasonInvalidToken
	ReasonNoAmountOnRejection
	ReasonOverGrantLimit

	// Project types and themes.
	TypeInception
	TypeProject
	TypeDissemination
	TypeInceptionThreeParty
	TypeProjectThreeParty
	ThemeClimate
	ThemeHealth
	ThemeIntegration
	ThemeDialogue
	ThemeGender

	// States a person sees: an application's, a round's, an email's.
	AppSubmitted
	AppInReview
	AppGranted
	AppRejected
	RoundScheduled
	RoundOpen
	RoundClosed
	RoundDecided
	RoundNotified
	MailPending
	MailSending
	MailSent
	MailFailed
	MailBounced
	MailComplained
	MailKindReceipt
	MailKindRoundClosed
	MailKindSummary
	MailKindGranted
	MailKindRejected

	// Staff: audit lines, by their code (programme.AuditText).
	AuditRoundMoved
	AuditDeadline
	AuditReviewQueued
	AuditInReview
	AuditDecision
	AuditDecisionChanged
	AuditDecisionQueued
	AuditEmail

	// Staff: navigation, a round's dashboard, the confirmation of the
	// decision emails.
	Breadcrumb
	ClosedAtLabel
	ByStatus
	TotalLabel
	MoneySection
	GrantedSoFar
	BudgetLeft
	DecisionsToMake
	NoEmailsYet
	PublicList
	PublishedAt
	NotPublishedYet
	ReviewSending
	ConfirmTitle
	ConfirmIntro
	ConfirmSend
	Cancel
	Recipients
	ToSwedishInSwedish
	ToSwedishInEnglish
	ToPartnersInEnglish
	DecisionsOutcomes

	// Staff: the decision's motivation in two languages.
	DecisionEmailsTo
	DecisionRecipient
	MotivationEnHint
	NoEnglishMotivation

	// Emails: the receipt, "in review", the decision.
	MailHello
	ReceiptSubject
	ReceiptThanks
	ReceiptFollow
	ReceiptPersonal
	ClosedSubject
	ClosedBody
	ClosedNext
	DecisionGrantedSubject
	DecisionGrantedLead
	DecisionGrantedNext
	DecisionRejectedSubject
	DecisionRejectedLead
	DecisionRejectedNext
	DecisionAmount
	MotivationSwedishOnly

	// Email: the staff summary of a closed round (both languages at once).
	SummarySubject
	SummaryClosed
	SummaryApplications
	SummaryRequested
	SummaryBudget
	SummaryOfBudget
	SummaryByType
	SummaryByTheme
	SummaryByCountry
	SummaryAllInReview

	// The privacy notice.
	PrivacyTitle
	PrivacyWhoHeading
	PrivacyWho
	PrivacyWhyHeading
	PrivacyWhy
	PrivacyWhatHeading
	PrivacyWhat
	PrivacyHowLongHeading
	PrivacyHowLong
	RetentionData
	RetentionPeriod
	RetentionDeletion
	RetentionSubmitted
	RetentionSubmittedPeriod
	RetentionEmails
	RetentionEmailsPeriod
	RetentionRejected
	RetentionRejectedPeriod
	RetentionGranted
	RetentionGrantedPeriod
	RetentionNotImplemented
	PrivacyAskHeading
	PrivacyAsk
	PrivacyContactAddress
	PrivacyContactFixed

	numKeys
)

var catalogue = [numKeys]text{
	Site:               {"Kommunalt partnerskap", "Municipal Partnership Programme"},
	SwitchLanguage:     {"In English", "På svenska"},
	AutonymSwedish:     {"Svenska", "Svenska"},
	AutonymEnglish:     {"English", "English"},
	LanguageSwedish:    {"svenska", "Swedish"},
	LanguageEnglish:    {"engelska", "English"},
	InternalError:      {"Internt fel, försök igen om en stund.", "Internal error, please try again shortly."},
	InternalErrorTitle: {"Något gick fel", "Something went wrong"},

	FormTitle:         {"Ansök om medel för kommunalt partnerskap", "Apply for Municipal Partnership funding"},
	FormIntro:         {"Den svenska parten skickar in ansökan. Fält markerade (valfritt) behöver inte fyllas i; alla andra är obligatoriska.", "The Swedish party submits the application. Fields marked (optional) may be left empty; all others are required."},
	Deadline:          {"Sista dag att ansöka", "Deadline"},
	ChooseRound:       {"Välj utlysning", "Choose a call"},
	NoRound:           {"Just nu går det inte att ansöka.", "No call is open for applications right now."},
	NextRound:         {"Nästa utlysning öppnar", "The next call opens"},
	ErrorSummary:      {"Ansökan kunde inte skickas. Rätta följande:", "The application could not be submitted. Please correct the following:"},
	SwedishParty:      {"Svensk part", "Swedish party"},
	PartnerParty:      {"Partner i samarbetslandet", "Partner in the cooperation country"},
	ThirdParty:        {"Tredje part i ett EU-land (bara för trepartsprojekt)", "Third party in an EU country (three-party projects only)"},
	ProjectSection:    {"Projektet", "The project"},
	BudgetSection:     {"Budget per projektår", "Budget per project year"},
	BudgetHint:        {"Hela kronor. Fyll i ett belopp för varje projektår. Tak per projekttyp och region:", "Whole kronor. Enter an amount for each project year. Caps per project type and region:"},
	PerYear:           {"{amount} per år", "{amount} a year"},
	InTotal:           {"{amount} totalt", "{amount} in total"},
	CapsEurope:        {"Europa", "Europe"},
	CapsOther:         {"Afrika, Asien, Latinamerika", "Africa, Asia, Latin America"},
	LangLegend:        {"Språk för kvitto och beslut", "Language of the receipt and the decision"},
	Optional:          {"(valfritt)", "(optional)"},
	Choose:            {"Välj …", "Choose …"},
	HintEmail:         {"Hit skickas kvitto och beslut.", "The receipt and the decision are sent here."},
	HintPartnerEmail:  {"Beslutet skickas även hit.", "The decision is sent here too."},
	HintPhone:         {"Gärna med landsnummer, till exempel +46 70 123 45 67.", "Preferably with the country code, such as +46 70 123 45 67."},
	HintSummary:       {"Vad ska projektet göra, och för vem? Högst 4 000 tecken.", "What will the project do, and for whom? At most 4,000 characters."},
	HintObjectives:    {"Vad ska vara uppnått när projektet är slut? Högst 4 000 tecken.", "What will have been achieved when the project ends? At most 4,000 characters."},
	HintOrganisation:  {"Kommuner och regioner, ordnade efter län.", "Municipalities and regions, by county."},
	SubmitApplication: {"Skicka ansökan", "Submit application"},
	Honeypot:          {"Lämna tomt", "Leave empty"},
	SentTitle:         {"Tack", "Thank you"},
	Sent:              {"Tack! Ansökan har skickats.", "Thank you! The application has been sent."},

	StatusTitle: {"Ansökans status", "Application status"},
	Thanks:      {"Tack! Ansökan har kommit in. Ett kvitto har skickats till den svenska kontaktpersonen.", "Thank you! The application has been received. A receipt has been sent to the Swedish contact person."},
	Reference:   {"Referensnummer", "Reference number"},
	Status:      {"Status", "Status"},
	Project:     {"Projekt", "Project"},
	SubmittedAt: {"Inkommen", "Received"},
	Requested:   {"Sökt belopp", "Amount applied for"},
	KeepLink:    {"Spara länken till den här sidan: den är ert sätt att följa ansökan.", "Keep the link to this page: it is how you follow the application."},

	NotFoundTitle:   {"Sidan finns inte", "Page not found"},
	NotFound:        {"Vi hittar ingen ansökan med den länken. Kontrollera att hela länken från kvittot kom med.", "We cannot find an application with that link. Check that the whole link from the receipt was included."},
	BackToForm:      {"Till ansökningsformuläret", "To the application form"},
	BadRequestTitle: {"Ansökan kunde inte tas emot", "The application could not be received"},
	TooLarge:        {"Ansökan är för stor (högst 256 kB).", "The application is too large (at most 256 kB)."},
	Unsupported:     {"Skicka ansökan som formulär eller JSON.", "Send the application as a form or as JSON."},
	Malformed:       {"Ansökan kunde inte läsas: {reason}", "The application could not be read: {reason}"},
	Conflict:        {"Formuläret har redan använts för en annan ansökan. Ladda om sidan och försök igen.", "This form has already been used for another application. Reload the page and try again."},
	TokenReused: {"Formuläret (dess token) har redan använts för en ansökan med ett annat innehåll. Den ansökan är oförändrad och den här togs inte emot. Ladda om formuläret för att skicka en ny ansökan (med JSON: använd en ny token).",
		"This form (its token) has already been used for an application with different content. That application is unchanged and this one was not received. Reload the form to send a new application (with JSON: use a new token)."},
	TooManyReceipts: {"Den e-postadressen har redan fått så många kvitton i dag som vi skickar till en adress på en dag, så ansökan togs inte emot. Försök igen i morgon, eller ange en annan kontaktadress för den svenska parten.", "That email address has already had as many receipts today as we send to one address in a day, so the application was not received. Try again tomorrow, or give another contact address for the Swedish party."},
	RouteNotFound:   {"Sidan finns inte.", "Page not found."},
	SignInFirst:     {"Logga in som personal först.", "Sign in as staff first."},
	NotStaff:        {"Kontot hör inte till personalgruppen.", "The account is not in the staff group."},
	NotStaffTitle:   {"Ingen behörighet", "No access"},
	NotStaffHint:    {"Logga ut och logga in med ett personalkonto, eller be den som administrerar personalkontona om behörighet.", "Sign out and sign in with a staff account, or ask whoever administers the staff accounts for access."},
	SignOut:         {"Logga ut", "Sign out"},
	SignedInAs:      {"Inloggad som {email} till {until}", "Signed in as {email} until {until}"},
	SessionHint: {"Din inloggning gäller till {until}. Har den gått ut när du sparar visas ett fel och inget sparas: logga då in igen i en ny flik och spara sedan här igen, det du skrivit finns kvar på den här sidan.",
		"Your sign-in lasts until {until}. If it has ended when you save, you get an error and nothing is saved: then sign in again in a new tab and save here again; what you typed stays on this page."},
	SignedOutTitle:    {"Du är utloggad", "You are signed out"},
	SignedOut:         {"Du är utloggad från personalsidorna och från inloggningstjänsten.", "You are signed out of the staff pages and of the sign-in service."},
	CrossOrigin:       {"Begäran kom från en annan webbplats och togs inte emot. Inget har ändrats.", "The request came from another website and was not accepted. Nothing has changed."},
	ActorRoundJob:     {"Utlysningsjobbet (automatiskt)", "The round job (automatic)"},
	ActorSES:          {"E-posttjänsten (SES)", "The email service (SES)"},
	SigningOutTitle:   {"Loggar ut", "Signing out"},
	SigningOut:        {"Du är utloggad från personalsidorna. Nu loggas du ut från inloggningstjänsten också.", "You are signed out of the staff pages. Now you are being signed out of the sign-in service too."},
	Continue:          {"Fortsätt", "Continue"},
	SignInAgain:       {"Logga in igen", "Sign in again"},
	SignInFailedTitle: {"Inloggningen blev inte klar", "Sign-in did not complete"},
	SignInExpired:     {"Inloggningen tog mer än tio minuter eller började i en annan webbläsare. Börja om.", "The sign-in took more than ten minutes or began in another browser. Start again."},
	SignInRefused:     {"Inloggningstjänsten godkände inte inloggningen. Försök igen; händer det igen, kontakta den som administrerar personalkontona.", "The sign-in service did not accept the sign-in. Try again; if it happens again, contact whoever administers the staff accounts."},

	StaffTitle:       {"Utlysningar (personal)", "Calls (staff)"},
	RoundBudget:      {"Utlysningens budget", "The call's budget"},
	Opens:            {"Öppnar", "Opens"},
	SubmittedCount:   {"Inkomna", "Submitted"},
	InReviewCount:    {"Under granskning", "In review"},
	NewDeadline:      {"Ny sista dag (svensk tid)", "New deadline (Swedish time)"},
	Extend:           {"Förläng", "Extend"},
	DeadlineExtended: {"{round}: sista dag att ansöka är nu {deadline}.", "{round}: the deadline is now {deadline}."},
	BadDeadline:      {"Ange sista dag som datum och klockslag, till exempel 2027-03-22T16:00.", "Enter the deadline as a date and time, such as 2027-03-22T16:00."},
	RoundChanged:     {"Utlysningen ändrades under tiden. Ladda om sidan och försök igen.", "The call changed meanwhile. Reload the page and try again."},
	ExtendClosed:     {"Utlysningen är stängd och kan inte förlängas.", "The call is closed and cannot be extended."},
	ExtendPast:       {"Den nya sista dagen har redan passerat.", "The new deadline has already passed."},
	ExtendNotLater:   {"Den nya sista dagen måste vara senare än den nuvarande.", "The new deadline must be later than the current one."},
	ExtendOverlap:    {"Förlängningen skulle överlappa {round}, som också tar emot ansökningar om {type}.", "The extension would overlap {round}, which also takes {type} applications."},

	ApplicationsTitle:    {"Ansökningar", "Applications"},
	ApplicationTitle:     {"Ansökan", "Application"},
	BackToRounds:         {"Till utlysningarna", "To the calls"},
	BackToApplications:   {"Till ansökningarna", "To the applications"},
	Filter:               {"Filtrera", "Filter"},
	All:                  {"Alla", "All"},
	FilterButton:         {"Visa", "Show"},
	ApplicationsCount:    {"{n} ansökningar", "{n} applications"},
	ExportCSV:            {"CSV för andra program", "CSV for other programs"},
	ExportXLSX:           {"Ladda ned för Excel (.xlsx)", "Download for Excel (.xlsx)"},
	OnThisPage:           {"på den här sidan", "on this page"},
	NextPage:             {"Nästa sida", "Next page"},
	BadLimit:             {"limit ska vara ett heltal från 1 till 1000.", "limit must be a whole number from 1 to 1000."},
	BadCursor:            {"Länken till nästa sida gäller inte (next). Börja om från första sidan.", "The link to the next page is not valid (next). Start again from the first page."},
	ExportTooLarge:       {"Exporten blir för stor för en fil. Begränsa den med filtren (status, projekttyp, tema eller land).", "The export is too large for one file. Narrow it with the filters (status, project type, theme or country)."},
	UnknownApplication:   {"Ansökan finns inte.", "The application does not exist."},
	ErrorSummaryDecision: {"Beslutet kunde inte sparas. Rätta följande:", "The decision could not be saved. Please correct the following:"},
	Grant:                {"Bevilja", "Grant"},
	Reject:               {"Avslå", "Reject"},
	SaveDecision:         {"Spara beslut", "Save decision"},
	AuditLog:             {"Händelser", "Events"},
	When:                 {"När", "When"},
	Who:                  {"Vem", "Who"},
	What:                 {"Vad", "What"},
	AppChanged:           {"Ansökan ändrades av någon annan under tiden. Ladda om sidan och försök igen.", "Someone else changed the application meanwhile. Reload the page and try again."},
	DecisionLocked:       {"Beslutsmejlet är köat; beslutet kan inte längre ändras.", "The decision email is queued; the decision can no longer change."},
	NotDecidable:         {"Beslut fattas bara i en stängd utlysning, på ansökningar under granskning.", "Decisions are made in a closed call only, on applications in review."},
	DecisionSaved:        {"Beslutet är sparat.", "The decision is saved."},
	DeadlineMoved:        {"Sista dagen att ansöka är flyttad.", "The deadline is moved."},
	EmailsQueued:         {"Beslutsmejlen är köade och skickas nu.", "The decision emails are queued and are being sent."},
	OverBudget:           {"Beslutet skulle överskrida utlysningens budget: {remaining} återstår.", "The decision would exceed the call's budget: {remaining} is left."},

	NotifyTitle:     {"Beslutsmejl", "Decision emails"},
	Undecided:       {"{n} ansökningar saknar beslut.", "{n} applications have no decision."},
	UndecidedLabel:  {"Utan beslut", "Without decision"},
	ToQueue:         {"Mejl att skicka", "Emails to send"},
	SendDecisions:   {"Skicka beslutsmejlen", "Send the decision emails"},
	Progress:        {"Utskick", "Sending"},
	FollowUp:        {"Att följa upp (studsade, klagomål, misslyckade)", "To follow up (bounced, complaints, failed)"},
	Samples:         {"Exempel", "Samples"},
	Sample:          {"{outcome}, på {language}", "{outcome}, in {language}"},
	SampleToSwedish: {"Till de svenska parterna vars ansökan är på svenska.", "To the Swedish parties whose application is in Swedish."},
	SampleToEnglish: {"Till partnerna, och till de svenska parterna vars ansökan är på engelska.", "To the partners, and to the Swedish parties whose application is in English."},
	WithoutEnglish:  {"Att skicka utan motivering på engelska", "To send without a motivation in English"},
	NoEnglishNote:   {"{n} av besluten saknar motivering på engelska: deras mejl på engelska ger den svenska motiveringen, under en mening på engelska om att den bara finns på svenska.", "{n} of the decisions have no motivation in English: their emails in English give the Swedish motivation, under a sentence in English saying it is in Swedish only."},
	WriteEnglish:    {"Skriv en motivering på engelska på ansökan innan du skickar:", "Write a motivation in English on the application before you send:"},
	AndMore:         {"och {n} till", "and {n} more"},

	GrantedTitle:   {"Beviljade projekt", "Granted projects"},
	NotPublished:   {"Beviljade projekt för den här utlysningen är inte publicerade (än).", "The granted projects of this call are not published (yet)."},
	ProjectsCount:  {"{n} projekt, totalt beviljat {total}.", "{n} projects, granted in total {total}."},
	GrantedCaption: {"Projekt som beviljats medel i utlysningen.", "Projects granted funds in the call."},
	Partner:        {"Partner", "Partner"},
	Country:        {"Land", "Country"},
	GrantedAmount:  {"Beviljat", "Granted"},

	CSVReference: {"Referens", "Reference"},
	CSVTitle:     {"Titel", "Title"},
	CSVRequested: {"Sökt (kr)", "Requested (SEK)"},
	CSVGranted:   {"Beviljat (kr)", "Granted (SEK)"},
	// The workbook's instants are on Swedish clocks (the CSV's are UTC, for machines).
	ExportReceived: {"Inkommen (svensk tid)", "Received (Swedish time)"},

	RoundNotYetOpen:   {"Utlysningen {round} har inte öppnat än: den öppnar {opens}.", "The call {round} is not open yet: it opens {opens}."},
	RoundNoLongerOpen: {"Utlysningen {round} är stängd: sista dag var {deadline}. Det går inte längre att skicka in ansökningar.", "The call {round} is closed: the deadline was {deadline}. Applications can no longer be submitted."},

	FieldRound:                  {"Utlysning", "Call"},
	FieldToken:                  {"Formulärnyckel", "Form key"},
	FieldLang:                   {"Språk", "Language"},
	FieldSwedishOrganisation:    {"Svensk kommun eller region", "Swedish municipality or region"},
	FieldSwedishContactName:     {"Svensk kontaktperson", "Swedish contact person"},
	FieldSwedishEmail:           {"Svensk kontaktpersons e-post", "Swedish contact's email"},
	FieldSwedishPhone:           {"Svensk kontaktpersons telefon", "Swedish contact's phone"},
	FieldPartnerOrganisation:    {"Partnerorganisation", "Partner organisation"},
	FieldPartnerCountry:         {"Partnerns land", "Partner's country"},
	FieldPartnerContactName:     {"Partnerns kontaktperson", "Partner's contact person"},
	FieldPartnerEmail:           {"Partnerns e-post", "Partner's email"},
	FieldPartnerPhone:           {"Partnerns telefon", "Partner's phone"},
	FieldThirdPartyOrganisation: {"Tredje part (EU)", "Third party (EU)"},
	FieldThirdPartyCountry:      {"Tredje partens land", "Third party's country"},
	FieldThirdPartyContactName:  {"Tredje partens kontaktperson", "Third party's contact person"},
	FieldThirdPartyEmail:        {"Tredje partens e-post", "Third party's email"},
	FieldThirdPartyPhone:        {"Tredje partens telefon", "Third party's phone"},
	FieldType:                   {"Projekttyp", "Project type"},
	FieldTheme:                  {"Tema", "Theme"},
	FieldTitle:                  {"Projektets titel", "Project title"},
	FieldSummary:                {"Sammanfattning", "Summary"},
	FieldObjectives:             {"Mål", "Objectives"},
	FieldDuration:               {"Projekttid (år)", "Duration (years)"},
	FieldBudget:                 {"Budget", "Budget"},
	FieldBudgetYear1:            {"Budget år 1 (kr)", "Budget year 1 (SEK)"},
	FieldBudgetYear2:            {"Budget år 2 (kr)", "Budget year 2 (SEK)"},
	FieldBudgetYear3:            {"Budget år 3 (kr)", "Budget year 3 (SEK)"},
	FieldBody:                   {"Ansökan", "Application"},
	FieldOutcome:                {"Beslut", "Decision"},
	FieldAmount:                 {"Beviljat belopp (kr)", "Amount granted (SEK)"},
	FieldMotivation:             {"Motivering", "Motivation"},
	FieldMotivationSv:           {"Motivering på svenska", "Motivation in Swedish"},
	FieldMotivationEn:           {"Motivering på engelska", "Motivation in English"},

	ReasonRequired:             {"fyll i fältet.", "this field is required."},
	ReasonTooLong:              {"högst {max} tecken.", "at most {max} characters."},
	ReasonInvalidText:          {"texten innehåller ogiltiga tecken.", "the text contains characters that are not allowed."},
	ReasonLineBreak:            {"får inte innehålla radbrytningar eller styrtecken.", "must not contain line breaks or control characters."},
	ReasonInvalidEmail:         {"ange en giltig e-postadress, till exempel namn@kommun.se.", "enter a valid email address, such as name@municipality.se."},
	ReasonInvalidPhone:         {"ange ett telefonnummer med siffror, gärna med landsnummer (+46 ...).", "enter a phone number in digits, preferably with the country code (+46 ...)."},
	ReasonInvalidChoice:        {"välj ett av alternativen.", "choose one of the options."},
	ReasonUnknownOrganisation:  {"välj en svensk kommun eller region från listan.", "choose a Swedish municipality or region from the list."},
	ReasonCountryNotInRound:    {"landet ingår inte i den här utlysningen.", "the country is not part of this call."},
	ReasonTypeNotOffered:       {"projekttypen går inte att söka i den här utlysningen.", "this project type cannot be applied for in this call."},
	ReasonThirdPartyNotAllowed: {"en tredje part hör bara till trepartsprojekt.", "a third party belongs only to three-party projects."},
	ReasonDurationRange:        {"projekttiden ska vara {min} till {max} år.", "the duration must be {min} to {max} years."},
	ReasonBudgetYears:          {"ange en budget för varje projektår, och bara för dem.", "enter a budget for each project year, and only for those."},
	ReasonPositiveAmount:       {"ange ett belopp i hela kronor, större än noll.", "enter an amount in whole kronor, greater than zero."},
	ReasonOverCapPerYear:       {"högst {amount} per år för den här projekttypen och regionen.", "at most {amount} a year for this project type and region."},
	ReasonOverCapTotal:         {"högst {amount} totalt för den här projekttypen och regionen.", "at most {amount} in total for this project type and region."},
	ReasonNotANumber:           {"ange beloppet i hela kronor, med siffror (till exempel 450 000).", "enter the amount in whole kronor, in digits (such as 450000)."},
	ReasonWrongType:            {"fel typ av värde.", "wrong type of value."},
	ReasonUnknownField:         {"okänt fält.", "unknown field."},
	ReasonUnknownRound:         {"utlysningen finns inte.", "the call does not exist."},
	ReasonInvalidToken:         {"formulärets nyckel är ogiltig; ladda om sidan och försök igen.", "the form's key is invalid; reload the page and try again."},
	ReasonNoAmountOnRejection:  {"ett avslag har inget belopp.", "a rejection has no amount."},
	ReasonOverGrantLimit:       {"högst {amount} (det sökta beloppet eller taket för projekttypen).", "at most {amount} (the amount applied for, or the cap for the project type)."},

	TypeInception:           {"Förstudie (ett år, två ömsesidiga besök)", "Inception (one year, two mutual visits)"},
	TypeProject:             {"Projekt (1–3 år)", "Project (1–3 years)"},
	TypeDissemination:       {"Spridning av resultat", "Dissemination of results"},
	TypeInceptionThreeParty: {"Förstudie, trepartssamverkan (med EU-partner)", "Inception, three-party (with an EU partner)"},
	TypeProjectThreeParty:   {"Projekt, trepartssamverkan (med EU-partner)", "Project, three-party (with an EU partner)"},
	ThemeClimate:            {"Klimat och miljö", "Climate and environment"},
	ThemeHealth:             {"Hälso- och sjukvård, social omsorg", "Health care and social welfare"},
	ThemeIntegration:        {"Integration", "Integration"},
	ThemeDialogue:           {"Medborgardialog", "Citizen dialogue"},
	ThemeGender:             {"Jämställdhet", "Gender equality"},

	AppSubmitted:   {"Inkommen", "Submitted"},
	AppInReview:    {"Under granskning", "In review"},
	AppGranted:     {"Beviljad", "Granted"},
	AppRejected:    {"Avslagen", "Rejected"},
	RoundScheduled: {"Planerad", "Scheduled"},
	RoundOpen:      {"Öppen", "Open"},
	RoundClosed:    {"Stängd, under granskning", "Closed, in review"},
	RoundDecided:   {"Beslutad, mejl köade", "Decided, emails queued"},
	RoundNotified:  {"Beslut skickade", "Decisions sent"},
	MailPending:    {"Väntar", "Queued"},
	MailSending:    {"Skickas", "Sending"},
	MailSent:       {"Skickat", "Sent"},
	MailFailed:     {"Misslyckades", "Failed"},
	MailBounced:    {"Studsade", "Bounced"},
	MailComplained: {"Klagomål", "Complaint"},

	MailKindReceipt:     {"kvitto", "receipt"},
	MailKindRoundClosed: {"besked om granskning", "notice of review"},
	MailKindSummary:     {"sammanställning till handläggarna", "summary to staff"},
	MailKindGranted:     {"beslut (beviljad)", "decision (granted)"},
	MailKindRejected:    {"beslut (avslagen)", "decision (rejected)"},

	AuditRoundMoved:      {"Utlysningen: {from} → {to}", "Call: {from} → {to}"},
	AuditDeadline:        {"Sista ansökningsdag flyttad från {from} till {to}", "Deadline moved from {from} to {to}"},
	AuditReviewQueued:    {"Alla ansökningar under granskning; sammanställning till handläggarna köad", "Every application in review; summary to staff queued"},
	AuditInReview:        {"Status: {from} → {to} (utlysningen stängde)", "Status: {from} → {to} (the call closed)"},
	AuditDecision:        {"Beslut: {decision}", "Decision: {decision}"},
	AuditDecisionChanged: {"Beslut: {decision} (tidigare {previous})", "Decision: {decision} (before: {previous})"},
	AuditDecisionQueued:  {"Beslutsmejlen köade", "Decision emails queued"},
	AuditEmail:           {"Mejl, {email}: {event}", "Email, {email}: {event}"},

	Breadcrumb:          {"Du är här", "You are here"},
	ClosedAtLabel:       {"Stängde", "Closed"},
	ByStatus:            {"Ansökningar per status", "Applications by status"},
	TotalLabel:          {"Totalt", "Total"},
	MoneySection:        {"Budget och beviljat", "Budget and grants"},
	GrantedSoFar:        {"Beviljat hittills", "Granted so far"},
	BudgetLeft:          {"Kvar att bevilja", "Left to grant"},
	DecisionsToMake:     {"Beslut att fatta", "Decisions still to make"},
	NoEmailsYet:         {"Inga beslutsmejl är köade än.", "No decision emails are queued yet."},
	PublicList:          {"Publik lista över beviljade projekt", "Public list of granted projects"},
	PublishedAt:         {"Publicerad", "Published"},
	NotPublishedYet:     {"Inte publicerad än. Listan publiceras av sig själv inom fem minuter efter att det sista beslutsmejlet har skickats (utlysningsjobbet kontrollerar det var femte minut).", "Not published yet. The list is published on its own within five minutes of the last decision email's sending (the round job checks every five minutes)."},
	ReviewSending:       {"Granska utskicket", "Review what will be sent"},
	ConfirmTitle:        {"Bekräfta beslutsmejlen", "Confirm the decision emails"},
	ConfirmIntro:        {"När du skickar köas {n} mejl, och de går sedan inte att ta tillbaka:", "When you send, {n} emails are queued, and they cannot be called back:"},
	ConfirmSend:         {"Skicka {n} mejl nu", "Send {n} emails now"},
	Cancel:              {"Avbryt, tillbaka till beslutsmejlen", "Cancel, back to the decision emails"},
	Recipients:          {"Mottagare", "Recipients"},
	ToSwedishInSwedish:  {"Svenska parter, på svenska", "Swedish parties, in Swedish"},
	ToSwedishInEnglish:  {"Svenska parter, på engelska (ansökan på engelska)", "Swedish parties, in English (application in English)"},
	ToPartnersInEnglish: {"Partner, på engelska", "Partners, in English"},
	DecisionsOutcomes:   {"{granted} beviljade och {rejected} avslagna ansökningar.", "{granted} granted and {rejected} rejected applications."},

	DecisionEmailsTo:    {"Beslutsmejlet går till:", "The decision email goes to:"},
	DecisionRecipient:   {"{party}: {organisation}, {email} – på {language}", "{party}: {organisation}, {email} – in {language}"},
	MotivationEnHint:    {"Partnern får alltid beslutet på engelska. Lämnar du fältet tomt får mottagarna på engelska den svenska motiveringen, under en mening på engelska om att den bara finns på svenska.", "The partner always gets the decision in English. If you leave this empty, the recipients in English get the Swedish motivation, under a sentence in English saying it is in Swedish only."},
	NoEnglishMotivation: {"Ingen: mottagarna på engelska får den svenska motiveringen, med en mening på engelska om att den bara finns på svenska.", "None: the recipients in English get the Swedish motivation, with a sentence in English saying it is in Swedish only."},

	MailHello:               {"Hej!", "Hello,"},
	ReceiptSubject:          {"Kvitto: ansökan {ref} har kommit in", "Receipt: application {ref} received"},
	ReceiptThanks:           {"Tack för er ansökan till Kommunalt partnerskap. Vi har tagit emot den.", "Thank you for your application to the Municipal Partnership Programme. We have received it."},
	ReceiptFollow:           {"Följ ansökans status", "Follow the application's status"},
	ReceiptPersonal:         {"Länken är personlig; dela den bara med dem som ska se ansökan. Svara på det här mejlet om ni har frågor.", "The link is personal; share it only with those who should see the application. Reply to this email if you have any questions."},
	ClosedSubject:           {"Ansökan {ref} granskas nu", "Application {ref} is now being reviewed"},
	ClosedBody:              {"Utlysningen har stängt och er ansökan granskas nu.", "The call has closed and your application is now being reviewed."},
	ClosedNext:              {"Ni får beslutet med e-post när granskningen är klar. Svara på det här mejlet om ni har frågor.", "You will receive the decision by email when the review is done. Reply to this email if you have any questions."},
	DecisionGrantedSubject:  {"Beslut: ansökan {ref} beviljas", "Decision: application {ref} is granted"},
	DecisionGrantedLead:     {"Er ansökan till Kommunalt partnerskap har beviljats.", "Your application to the Municipal Partnership Programme has been granted."},
	DecisionGrantedNext:     {"Nästa steg: vi skickar ett avtal för underskrift. Medlen betalas ut när avtalet är undertecknat, och projektet rapporterar enligt avtalet. Svara på det här mejlet om ni har frågor.", "Next steps: we will send an agreement for signature. The funds are paid once it is signed, and the project reports as the agreement sets out. Reply to this email if you have any questions."},
	DecisionRejectedSubject: {"Beslut: ansökan {ref} beviljas inte", "Decision: application {ref} is not granted"},
	DecisionRejectedLead:    {"Er ansökan till Kommunalt partnerskap har tyvärr inte beviljats.", "We regret that your application to the Municipal Partnership Programme has not been granted."},
	DecisionRejectedNext:    {"Ni är välkomna att söka igen i en kommande utlysning. Svara på det här mejlet om ni har frågor.", "You are welcome to apply again in a coming call. Reply to this email if you have any questions."},
	DecisionAmount:          {"Beviljat belopp", "Amount granted"},
	MotivationSwedishOnly:   {"Motiveringen finns bara på svenska och återges nedan som den skrevs. Svara på det här mejlet om ni behöver den på engelska.", "The motivation for this decision was written in Swedish only and is given below as written. Reply to this email if you need it in English."},

	SummarySubject:      {"Utlysningen {round} har stängt: {n} ansökningar", "{round} closed: {n} applications"},
	SummaryClosed:       {"Utlysningen {round} ({id}) har stängt.", "The call {round} ({id}) has closed."},
	SummaryApplications: {"Ansökningar", "Applications"},
	SummaryRequested:    {"Sökt totalt", "Requested in total"},
	SummaryBudget:       {"Budget", "Budget"},
	SummaryOfBudget:     {"{ratio} av budgeten", "{ratio} of the budget"},
	SummaryByType:       {"Per projekttyp", "By project type"},
	SummaryByTheme:      {"Per tema", "By theme"},
	SummaryByCountry:    {"Per land", "By country"},
	SummaryAllInReview:  {"Alla ansökningar är nu under granskning.", "Every application is now in review."},

	PrivacyTitle:             {"Så hanterar vi personuppgifter", "How we handle personal data"},
	PrivacyWhoHeading:        {"Vem har uppgifterna", "Who holds the data"},
	PrivacyWho:               {"Kommunalt partnerskap, programmet som tar emot och beslutar om ansökningarna, är personuppgiftsansvarigt för uppgifterna i ansökan.", "The Municipal Partnership Programme, which receives and decides on the applications, is the controller of the personal data in an application."},
	PrivacyWhyHeading:        {"Varför", "Why"},
	PrivacyWhy:               {"Vi behandlar uppgifterna för att kunna ta emot, granska och besluta om ansökan, skicka kvitto och beslut, följa upp beviljade projekt och bevara handlingar som vi måste bevara.", "We process the data to receive, review and decide on the application, to send the receipt and the decision, to follow up granted projects and to keep the records we must keep."},
	PrivacyWhatHeading:       {"Vad vi sparar", "What we store"},
	PrivacyWhat:              {"Ansökans uppgifter (organisationer, land, projekttyp, tema, titel, sammanfattning, mål, längd och budget) och kontaktpersonernas namn, e-postadresser och telefonnummer, för den svenska parten, partnern och en eventuell tredje part. Om e-post som vi skickar sparar vi mottagarens adress, innehållet och om det levererades.", "The application's details (organisations, country, project type, theme, title, summary, objectives, duration and budget) and the contact people's names, email addresses and phone numbers, for the Swedish party, the partner and any third party. Of the emails we send, we keep the recipient's address, the content and whether it was delivered."},
	PrivacyHowLongHeading:    {"Hur länge", "For how long"},
	PrivacyHowLong:           {"Så länge har vi för avsikt att spara uppgifterna. Radering är ännu inte införd i systemet: i dag raderas ingenting automatiskt, och det står i tabellen var det gäller.", "This is how long we intend to keep the data. Deletion is not yet implemented in the system: today nothing is deleted automatically, and the table says where that applies."},
	RetentionData:            {"Uppgifter", "Data"},
	RetentionPeriod:          {"Sparas", "Kept"},
	RetentionDeletion:        {"Radering", "Deletion"},
	RetentionSubmitted:       {"Inkomna ansökningar och deras kontaktuppgifter", "Submitted applications and their contact details"},
	RetentionSubmittedPeriod: {"Medan utlysningen handläggs och tills beslutet är fattat; därefter enligt raderna nedan.", "While the call is handled and until the decision is made; then as in the rows below."},
	RetentionEmails:          {"Innehåll och mottagaradresser i e-post om beslut, efter leverans", "Decision emails' content and recipient addresses, after delivery"},
	RetentionEmailsPeriod:    {"90 dagar efter leveransen.", "90 days after delivery."},
	RetentionRejected:        {"Kontaktuppgifter i avslagna ansökningar", "Contact details of rejected applications"},
	RetentionRejectedPeriod:  {"Tills tiden för att begära omprövning har gått ut: tre månader efter beslutet.", "Until the time to ask for a review has passed: three months after the decision."},
	RetentionGranted:         {"Handlingar om beviljade projekt", "Records of granted projects"},
	RetentionGrantedPeriod:   {"Under den arkivtid som programmet måste bevara dem: tio år efter projektets slut.", "For the archive period the programme must keep them: ten years after the project ends."},
	RetentionNotImplemented:  {"Inte införd ännu: raderas inte automatiskt i dag.", "Not implemented yet: not deleted automatically today."},
	PrivacyAskHeading:        {"Vem du frågar", "Whom to ask"},
	PrivacyAsk:               {"Du har rätt att få veta vilka uppgifter vi har om dig, att få fel rättade och att begära att uppgifter raderas. Du kan också klaga hos Integritetsskyddsmyndigheten (IMY).", "You have the right to know what data we hold about you, to have errors corrected and to ask for data to be erased. You can also complain to the Swedish Authority for Privacy Protection (IMY)."},
	PrivacyContactAddress:    {"Skriv till programmet: {address}", "Write to the programme: {address}"},
	PrivacyContactFixed:      {"Skriv till programmet: svara på kvittot eller beslutet du fått från oss, så kommer frågan till programmets handläggare.", "Write to the programme: reply to the receipt or the decision you received from us, and the question reaches the programme's officers."},
}
