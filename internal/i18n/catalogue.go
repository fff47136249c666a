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
	AnswersTitle
	AnswersHint
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
	ReasonChoose
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
	ReasonProofUnknown
	ReasonProofExpired
	ReasonProofRound
	ReasonProofUsed
	ReasonProofEmail
	FieldProof
	FieldStartEmail
	StartTitle
	StartIntro
	StartButton
	StartedTitle
	Started
	ProofInvalidTitle
	StartAgain
	ProvenEmailHint
	StartSubject
	StartBody
	StartDeadline
	StartNotYou
	TooManyLinks
	TooManyStarts
	TooManyFromOrganisation
	ConfirmSubject
	ConfirmBody
	ConfirmLinkText
	PartnerConfirmTitle
	PartnerConfirmIntro
	ConfirmDecision
	ConfirmYes
	ConfirmNo
	FieldConfirmName
	FieldConfirmRole
	FieldConfirmComment
	PartnerConfirmSend
	ConfirmThanks
	PartnerAnswerLabel
	PartnerWaiting
	PartnerConfirmed
	PartnerDeclined
	AlreadyAnswered
	AuditPartnerConfirmed
	SaveDraft
	DraftSaved
	AuditPartnerDeclined

	// The Swedish party's signatory: the form, the link's email and page,
	// the staff's page.
	FieldSignatoryName
	FieldSignatoryEmail
	HintSignatory
	SignatoryConfirmBody
	SignatoryAnswerLabel
	SignatoryAlreadyAnswered
	SignatoryTerm
	SignatoryConfirmRequired
	AuditSignatoryConfirmed
	AuditSignatoryDeclined
	ReasonNotConfirmedBySignatory
	MailKindPartnerConfirm
	MailKindSignatoryConfirm
	EraseWithSignatory

	// Project types and themes.
	TypeInception
	TypeProject
	TypeDissemination
	TypeInceptionThreeParty
	TypeProjectThreeParty
	TypeSteeringGroup
	TypeDevelopment
	ThemeClimate
	ThemeHealth
	ThemeIntegration
	ThemeDialogue
	ThemeGender

	// The team each partner sends, and the budget years a type runs.
	TeamSection
	TeamIntro
	TeamRulesHint
	TeamRuleFor
	TeamSwedishParty
	TeamPartner
	TeamThirdParty
	TeamPerson
	TeamName
	TeamRole
	TeamMemberName
	TeamMemberRole
	TeamNone
	RolePoliticianMajority
	RolePoliticianOpposition
	RoleCivilServant
	RoleCoordinator
	TeamCountMajority
	TeamCountOpposition
	TeamCountCivilServants
	TeamCountCoordinators
	TeamSpan
	TeamAtMost
	TeamIncluding
	ListAnd
	BudgetYearFor
	ReasonTeamEmpty
	ReasonTeamCount
	ReasonTeamTooMany
	ReasonTeamRoleNotInType
	ReasonYearBeyondType
	ReasonDurationExact
	PrivacyTeam

	// States a person sees: an application's, a round's, an email's.
	AppSubmitted
	AppInReview
	AppGranted
	AppRejected
	AppWithdrawn
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
	AuditWithdrawn
	AuditWithdrawnGiveBack

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

	// Staff: withdrawing applications (spam, withdrawn by the applicant).
	WithdrawSpam
	WithdrawByApplicant
	WithdrawnSpam
	WithdrawnByApplicant
	WithdrawHeading
	WithdrawHint
	WithdrawSelect
	WithdrawSelectApp
	WithdrawButton
	WithdrawDone
	WithdrawResultTitle
	WithdrawPartly
	WithdrawNotPossible
	WithdrawnCount
	ErrorSummaryWithdraw
	FieldWithdrawRefs
	FieldWithdrawReason
	ReasonNoneChosen
	ReasonTooManyChosen

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

	// Retention and erasure: the privacy notice's other rows, the staff's
	// erasure of a person's contact details, the retention job's audit lines.
	RetentionWithdrawn
	RetentionWithdrawnPeriod
	RetentionLinks
	RetentionLinksPeriod
	RetentionUploads
	RetentionUploadsPeriod
	RetentionCounters
	RetentionCountersPeriod
	RetentionAudit
	RetentionAuditPeriod
	RetentionLogs
	RetentionLogsPeriod
	RetentionOnRequest
	RetentionOnRequestPeriod
	RetentionByJob
	RetentionByTTL
	RetentionByLogs
	RetentionKeptWith
	RetentionOnRequestHow
	EraseHeading
	EraseHint
	FieldErasePerson
	FieldEraseConfirm
	EraseConfirmLabel
	EraseButton
	EraseRequested
	EraseObjected
	EraseNotNeeded
	EraseWrongPerson
	ErasedOn
	ContactsErased
	ErrorSummaryErase
	ReasonNotConfirmed
	AlreadyErased
	EraseInFlight
	AllErased
	ArchiveUntilTerm
	MailCancelled
	ActorRetentionJob
	AuditContactsErased
	AuditContactsRedacted
	AuditArchiveMarked

	// Documents: the appendices, their upload and their links.
	DocLetterOfIntent
	DocBudget
	DocPlanningTool
	DocOther
	ReasonFileEmpty
	ReasonFileTooLarge
	ReasonFileType
	ReasonFileThreat
	ReasonFileKind
	ReasonDocumentChanged
	DocumentsSection
	DocumentsTitle
	DocumentsIntro
	DocumentsButton
	DocRequiredFor
	DocTakenBy
	DocFormats
	DocUploaded
	DocMissing
	DocChooseFile
	DocUploadButton
	DocReplaceButton
	DocRemoveButton
	DocUploadedOK
	DocRemoved
	DocRefused
	DocUploadHint
	DocBackToForm
	DocOpen
	DocBlocked
	DocNone
	DocSize
	DocUnknown
	DocumentsHowTo
	DocUploading
	ReasonNotConfirmedByPartner
	AnswerBy
	AnswerTooLate
	ConfirmRequired

	// Review: score sheets and the assignment of reviewers.
	ReasonScoreRange
	ReviewCommentOn
	AssignShortfall

	// After the decision: the grant, its years' reports, reminders and
	// change requests (programme's grant.go).
	BudgetWhole
	GrantNotGranted
	GrantIsClosed
	GrantNoSuchYear
	GrantYearNotStarted
	GrantReportStarted
	GrantReportLocked
	GrantReportNotSubmitted
	GrantAlreadyApproved
	GrantOverAmount
	GrantChangeDecided
	ReasonNegativeAmount
	ReasonLineNotInBudget
	ReasonLineTwice
	ReasonAccountsTotal
	ReasonLinesTotal
	ReasonOverLine
	ReasonDeadlineInYear
	ReasonDeadlineNotLater
	ReasonReportIn
	FieldProjectStart
	FieldBudgetLines
	FieldLineName
	FieldReportLastDay
	FieldYearAmount
	FieldReportDone
	FieldReportResults
	FieldReportDeviations
	FieldReportSummary
	FieldAccountsFile
	ReasonNotAnOrganisation
	ReasonChooseScore
	MTShortTitle
	RVConflictsSaved
	RVSheetSaved
	RVSheetSubmitted
	RVConflictRecorded
	RVTitle
	RVStatusSubmitted
	RVStatusDraft
	RVStatusOpened
	RVStatusNew
	RVErrorSummary
	RVConflictsTitle
	RVConflictsHint
	RVOrganisations
	RVOrganisationsHint
	RVCountries
	RVDeclare
	RVQueueTitle
	RVDeclareFirst
	RVQueueEmpty
	RVAssessTitle
	RVBack
	RVQuestion
	RVQuestionHint
	RVNoConflict
	RVHasConflict
	RVSheetTitle
	RVTotal
	RVLocked
	RVSubmit
	RVSave
	RVWeight
	RVNotAssigned
	RVDeclareFirstError
	RVNoReview
	RVChanged
	RVSheetLocked
	RVNotReviewer
	MTAssigned
	MTReopened
	MTReassigned
	MTTitle
	MTErrorSummary
	MTNotDone
	MTLeft
	MTAssignHint
	MTAssign
	MTRankingHint
	MTRanking
	MTSelect
	MTPosition
	MTScore
	MTSpread
	MTRunning
	MTPick
	MTNoScore
	MTFlagged
	MTOverBudget
	MTBatchOutcome
	MTGrantRequested
	MTBatchHint
	MTBatchDecide
	MTBatchDone
	MTReviewsTitle
	MTNoReviews
	MTReopen
	MTMoveTo
	MTMove
	MTReviewsLink
	MTMeetingLink
	PublicSummary
	ReasonNotADate
	SGReportApprovedNotice
	SGReportReturnedNotice
	SGChangeDecidedNotice
	SGGrantsTitle
	SGGrantTitle
	SGYearN
	SGNextDue
	SGGrantsSheet
	SGState
	SGProjectYear
	SGYearAmount
	SGReportLastDay
	SGReportState
	SGReimbursed
	SGOverdue
	SGUnused
	SGRemaining
	SGReportN
	SGChangeExtension
	SGChangeMove
	SGChangeTeam
	SGTotalsTitle
	SGNoGrants
	SGGrantsCount
	SGRunning
	SGWaiting
	SGNext
	SGYearsTitle
	SGPeriod
	SGLinesTitle
	SGLine
	SGBudget
	SGSpent
	SGDiff
	SGPercent
	SGDeviationsTitle
	SGReportsTitle
	SGNoReports
	SGSubmitted
	SGReturnedWith
	SGCommentsLabel
	SGCommentsHint
	SGApprove
	SGReturn
	SGChangesTitle
	SGNoChanges
	SGChangeAsked
	SGRequested
	SGApproveChange
	SGRefuseChange
	SGApplicationLink
	SGErrorSummary
	SGYes
	SGGrantsLink
	SGDecisionStartHint
	SGDecisionDeadlineHint
	SGGrantPlan
	AuditGrantStartedText
	AuditReportSubmittedText
	AuditReportReturnedText
	AuditReportApprovedText
	AuditChangeRequestedText
	AuditChangeDecidedText
	FieldReportTotal
	FieldReportComments
	FieldChangeKind
	FieldChangeReason
	FieldProjectYear
	FieldNewLastDay
	FieldMoveFrom
	FieldMoveTo
	FieldMoveAmount
	FieldChangeMotivation
	DocAuditCertificate
	DocSignedApproval
	DocAccountsWorkbook
	GrantRunning
	GrantCompleted
	ReportNotStarted
	ReportDraft
	ReportSubmitted
	ReportReturned
	ReportApproved
	ChangeExtension
	ChangeMove
	ChangeTeam
	ChangePending
	ChangeApproved
	ChangeRefused
	ReminderDue
	ReminderOverdue
	// The reminders of reports' deadlines (mail.Reminder, internal/reminders)
	// and the decision email's years and grant link (mail.Decision).
	ReminderLeadDue
	ReminderLeadOverdue
	ReminderWeeksLate
	ReminderSubmitSoon
	ReminderIncludes
	ReminderNarrative
	ReminderAccounts
	ReminderWhere
	ReminderSite
	ReminderAlreadyIn
	MailKindReminder
	AuditReminderQueued
	ActorReminderJob
	DecisionYears
	DecisionYearLine
	DecisionGrantLink

	// The grantee's pages: the grant, its years' reports and change
	// requests (web/grantee.go).
	GranteeTitle
	GranteeNotFound
	GranteeChangedMeanwhile
	GranteeProblemTitle
	GranteeBack
	GranteePaid
	GranteeRemaining
	GranteeUnused
	GranteeNextDue
	GranteeNothingDue
	GranteeYearsTitle
	GranteePeriod
	GranteeReportDue
	GranteeReportState
	GranteeReimbursed
	GranteeReportPage
	GranteeWriteReport
	GranteeOpenReport
	GranteeYearStarts
	GranteeYearOption
	GranteeChangesTitle
	GranteeNoChanges
	GranteeChangeWhat
	GranteeChangeRequestedAt
	GranteeChangeStaffMotivation
	GranteeChangeExtensionText
	GranteeChangeMoveText
	GranteeChangeTeamText
	GranteeChangeFormTitle
	GranteeChangeFormIntro
	GranteeChangeErrorSummary
	GranteeChangeYearHint
	GranteeChangeExtensionFields
	GranteeChangeMoveFields
	GranteeChangeDateHint
	GranteeChangeReasonHint
	GranteeChangeSubmit
	GranteeChangeRequestedOK
	GranteeReportHeading
	GranteeReportIntro
	GranteeReportDocuments
	GranteeReportUploadHint
	GranteeReportDocRequired
	GranteeReportDocOptional
	GranteeReportNarrative
	GranteeReportDeviationsHint
	GranteeReportSummaryHint
	GranteeReportAccounts
	GranteeReportAccountsHint
	GranteeReportWorkbookNote
	GranteeReportTemplateLink
	GranteeReportLineBudget
	GranteeReportTotalHint
	GranteeReportSubmitHint
	GranteeReportSubmit
	GranteeReportDeviationsTitle
	GranteeBudgetLineHeading
	GranteeDeviationBudget
	GranteeDeviationSpent
	GranteeDeviationDiff
	GranteeDeviationPercent
	GranteeReportReturnedComments
	GranteeReportApprovedNote
	GranteeReportNotSaved
	GranteeReportSavedNotSubmitted
	GranteeReportSavedOK
	GranteeReportSubmittedOK
	GranteeReportImportedOK
	GranteeUploadFile

	// Reviewers: the role check of their pages.
	NotReviewer
	NotReviewerHint

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
	AnswersTitle:      {"Det du skrev (inte skickat)", "What you wrote (not sent)"},
	AnswersHint:       {"Ansökan skickades inte. Här är allt du skrev, så att du kan kopiera och spara det.", "The application was not sent. Here is everything you wrote, so that you can copy and keep it."},
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
	ApplicationsCount:    {"{n} {n|ansökan|ansökningar}", "{n} {n|application|applications}"},
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
	Undecided:       {"{n} {n|ansökan|ansökningar} saknar beslut.", "{n} {n|application has|applications have} no decision."},
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
	NoEnglishNote:   {"{n} av besluten saknar motivering på engelska: {n|dess|deras} mejl på engelska ger den svenska motiveringen, under en mening på engelska om att den bara finns på svenska.", "{n} of the decisions {n|has|have} no motivation in English: {n|its email in English gives|their emails in English give} the Swedish motivation, under a sentence in English saying it is in Swedish only."},
	WriteEnglish:    {"Skriv en motivering på engelska på ansökan innan du skickar:", "Write a motivation in English on the application before you send:"},
	AndMore:         {"och {n} till", "and {n} more"},

	GrantedTitle:   {"Beviljade projekt", "Granted projects"},
	NotPublished:   {"Beviljade projekt för den här utlysningen är inte publicerade (än).", "The granted projects of this call are not published (yet)."},
	ProjectsCount:  {"{n} projekt, totalt beviljat {total}.", "{n} {n|project|projects}, granted in total {total}."},
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
	ReasonChoose:               {"välj ett alternativ.", "choose one of the options."},
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
	ReasonDurationRange:        {"projekttiden ska vara {min} till {max} år.", "the duration must be {min} to {max} {max|year|years}."},
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
	ReasonProofUnknown:         {"länken är okänd eller ofullständig; begär en ny länk.", "the link is unknown or incomplete; ask for a new link."},
	ReasonProofExpired:         {"länken gällde till utlysningens sista dag, som har passerat.", "the link was valid until the call's deadline, which has passed."},
	ReasonProofRound:           {"länken gäller en annan utlysning; begär en länk för den här.", "the link is for another call; ask for a link for this one."},
	ReasonProofUsed:            {"länken har redan använts för en annan ansökan; begär en ny länk för en ny ansökan.", "the link has already been used for another application; ask for a new link for a new application."},
	ReasonProofEmail:           {"ska vara adressen som länken skickades till.", "must be the address the link was sent to."},
	FieldProof:                 {"Länken från mejlet", "The link from the email"},
	FieldStartEmail:            {"Din e-postadress i arbetet", "Your work email address"},
	StartTitle:                 {"Börja ansökan", "Start an application"},
	StartIntro: {"Skriv din e-postadress i arbetet. Vi skickar en länk dit, och ansökan fylls i och skickas via länken: då vet vi att adressen är din innan något går till den. Länken gäller till utlysningens sista dag.",
		"Enter your work email address. We send a link there, and the application is filled in and sent through the link: that way we know the address is yours before anything goes to it. The link works until the call's deadline."},
	StartButton:  {"Skicka länken", "Send the link"},
	StartedTitle: {"Titta i din e-post", "Check your email"},
	Started: {"Om adressen tar emot e-post kommer ett mejl från oss med länken inom några minuter. Öppna länken för att fylla i och skicka ansökan. Har inget kommit? Titta bland skräpposten, eller begär en ny länk.",
		"If the address receives email, an email from us with the link arrives within a few minutes. Open the link to fill in and send the application. Nothing came? Look in the spam folder, or ask for a new link."},
	ProofInvalidTitle: {"Länken fungerar inte", "The link does not work"},
	StartAgain:        {"Begär en ny länk", "Ask for a new link"},
	ProvenEmailHint:   {"Adressen som länken skickades till. Kvitto och besked går hit.", "The address the link was sent to. The receipt and the decision go here."},
	StartSubject:      {"Din länk för att ansöka: {round}", "Your link to apply: {round}"},
	StartBody: {"Någon, förhoppningsvis du, bad om en länk för att ansöka om medel från Kommunalt partnerskap med den här adressen. Öppna länken för att fylla i och skicka ansökan:",
		"Someone, hopefully you, asked for a link to apply for funds from the Municipal Partnership Programme with this address. Open the link to fill in and send the application:"},
	StartDeadline: {"Länken gäller till {deadline}, utlysningens sista dag.", "The link works until {deadline}, the call's deadline."},
	StartNotYou:   {"Var det inte du? Bortse då från det här mejlet: utan länken händer ingenting.", "Was it not you? Then ignore this email: without the link nothing happens."},
	TooManyLinks: {"Den adressen har redan fått så många mejl från oss i dag som vi skickar till en adress på en dag. Försök igen i morgon.",
		"That address has already had as many emails from us today as we send to one address in a day. Try again tomorrow."},
	TooManyStarts:  {"Vi har fått för många förfrågningar från din anslutning i dag. Försök igen i morgon.", "We have had too many requests from your connection today. Try again tomorrow."},
	ConfirmSubject: {"Bekräfta ansökan {ref}", "Please confirm the application {ref}"},
	ConfirmBody: {"{organisation} har ansökt om medel från Kommunalt partnerskap ({round}) med er som partner. Läs ansökan och bekräfta, eller avböj, att den skickas i er organisations namn:",
		"{organisation} has applied to the Municipal Partnership Programme ({round}) with you as its partner. Please read the application and confirm, or decline, that it is sent in your organisation's name:"},
	ConfirmLinkText:     {"Läs och bekräfta ansökan", "Read and confirm the application"},
	PartnerConfirmTitle: {"Partnerns bekräftelse", "The partner's confirmation"},
	PartnerConfirmIntro: {"Så här ser ansökan ut som den skickades in. Bekräfta att den skickas i er organisations namn, eller avböj och säg varför.", "This is the application as it was sent. Confirm that it is sent in your organisation's name, or decline and say why."},
	ConfirmDecision:     {"Ert svar", "Your answer"},
	ConfirmYes:          {"Vi bekräftar ansökan", "We confirm the application"},
	ConfirmNo:           {"Vi avböjer", "We decline"},
	FieldConfirmName:    {"Ditt namn", "Your name"},
	FieldConfirmRole:    {"Din roll i organisationen", "Your role in the organisation"},
	FieldConfirmComment: {"Kommentar (krävs om ni avböjer)", "Comment (required if you decline)"},
	PartnerConfirmSend:  {"Skicka svaret", "Send the answer"},
	ConfirmThanks:       {"Tack, ert svar är registrerat.", "Thank you, your answer is recorded."},
	PartnerAnswerLabel:  {"Partnerns bekräftelse", "The partner's confirmation"},
	PartnerWaiting:      {"Väntar på svar", "Waiting for an answer"},
	PartnerConfirmed:    {"Bekräftad {at} av {name}, {role}", "Confirmed {at} by {name}, {role}"},
	PartnerDeclined:     {"Avböjd {at} av {name}, {role}: {comment}", "Declined {at} by {name}, {role}: {comment}"},
	SaveDraft:           {"Spara utkast", "Save draft"},
	DraftSaved: {"Utkastet är sparat {at}. Kom tillbaka till det via länken i mejlet, från vilken enhet som helst, till {deadline}. Ett utkast syns inte för handläggarna och räknas inte som inskickat.",
		"The draft is saved {at}. Come back to it through the link in the email, from any device, until {deadline}. A draft is not seen by staff and does not count as sent."},
	AuditPartnerConfirmed: {"Partnern bekräftade ansökan ({role})", "The partner confirmed the application ({role})"},
	AuditPartnerDeclined:  {"Partnern avböjde ansökan ({role})", "The partner declined the application ({role})"},
	AlreadyAnswered:       {"Partnern har redan svarat på den här ansökan.", "The partner has already answered for this application."},
	TooManyFromOrganisation: {"Den svenska organisationen har redan så många ansökningar i den här utlysningen som en organisation kan ha. Kontakta programmet om ni behöver fler.",
		"The Swedish organisation already has as many applications in this call as one organisation can have. Contact the programme if you need more."},
	ReasonOverGrantLimit: {"högst {amount} (det sökta beloppet eller taket för projekttypen).", "at most {amount} (the amount applied for, or the cap for the project type)."},

	FieldSignatoryName:  {"Firmatecknarens namn", "Signatory's name"},
	FieldSignatoryEmail: {"Firmatecknarens e-post", "Signatory's email"},
	HintSignatory: {"Den som skriver under för kommunen eller regionen, om det är någon annan än kontaktpersonen. Hen får ett mejl med en länk för att bekräfta ansökan för organisationens räkning. Lämna tomt om kontaktpersonen själv skriver under.",
		"The person who signs for the municipality or region, if it is not the contact person. They get an email with a link to confirm the application on the organisation's behalf. Leave empty if the contact person signs."},
	SignatoryConfirmBody: {"En ansökan om medel från Kommunalt partnerskap ({round}) har skickats in för {organisation}, och du är angiven som firmatecknare, den som skriver under för organisationen. Läs ansökan och bekräfta, eller avböj, att den skickas i organisationens namn:",
		"An application to the Municipal Partnership Programme ({round}) has been sent for {organisation}, naming you as its signatory, the person who signs for the organisation. Please read the application and confirm, or decline, that it is sent in the organisation's name:"},
	SignatoryAnswerLabel:          {"Firmatecknarens bekräftelse", "The signatory's confirmation"},
	SignatoryAlreadyAnswered:      {"Firmatecknaren har redan svarat på den här ansökan.", "The signatory has already answered for this application."},
	SignatoryTerm:                 {"Firmatecknare", "Signatory"},
	SignatoryConfirmRequired:      {"Utlysningen kräver firmatecknarens bekräftelse för att bevilja.", "The call requires the signatory's confirmation for a grant."},
	AuditSignatoryConfirmed:       {"Firmatecknaren bekräftade ansökan ({role})", "The signatory confirmed the application ({role})"},
	AuditSignatoryDeclined:        {"Firmatecknaren avböjde ansökan ({role})", "The signatory declined the application ({role})"},
	ReasonNotConfirmedBySignatory: {"firmatecknaren har inte bekräftat ansökan, och utlysningen kräver det för att bevilja. Avslå, eller vänta på firmatecknarens svar.", "the signatory has not confirmed the application, and the call requires it for a grant. Reject it, or wait for the signatory's answer."},
	MailKindPartnerConfirm:        {"länk till partnerns bekräftelse", "link for the partner's confirmation"},
	MailKindSignatoryConfirm:      {"länk till firmatecknarens bekräftelse", "link for the signatory's confirmation"},
	EraseWithSignatory:            {"{contact} och firmatecknaren {signatory}", "{contact} and the signatory {signatory}"},

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
	TypeSteeringGroup:       {"Styrgrupp", "Steering group"},
	TypeDevelopment:         {"Utveckling och expansion", "Development and expansion"},

	TeamSection: {"Teamet", "The team"},
	TeamIntro: {"Ange vilka som är med från varje part, med namn och roll. Namnen behövs för att boka resor; vi frågar inte efter något annat om personerna. För en politiker anger du bara om hen tillhör majoriteten eller oppositionen, aldrig vilket parti.",
		"List who takes part from each party, with name and role. The names are needed to book travel; we ask nothing else about the people. For a politician, say only whether they belong to the majority or the opposition, never which party."},
	TeamRulesHint:            {"Varje parts team ska ha:", "Each party's team needs:"},
	TeamRuleFor:              {"{type}: {rule}.", "{type}: {rule}."},
	TeamSwedishParty:         {"Teamet hos den svenska parten", "The Swedish party's team"},
	TeamPartner:              {"Teamet hos partnern", "The partner's team"},
	TeamThirdParty:           {"Teamet hos EU-partnern", "The EU partner's team"},
	TeamPerson:               {"Person {n}", "Person {n}"},
	TeamName:                 {"Namn", "Name"},
	TeamRole:                 {"Roll", "Role"},
	TeamMemberName:           {"{team}, person {n}, namn", "{team}, person {n}, name"},
	TeamMemberRole:           {"{team}, person {n}, roll", "{team}, person {n}, role"},
	TeamNone:                 {"Ingen angiven.", "No one listed."},
	RolePoliticianMajority:   {"Politiker, majoriteten", "Politician, majority"},
	RolePoliticianOpposition: {"Politiker, oppositionen", "Politician, opposition"},
	RoleCivilServant:         {"Tjänsteperson", "Civil servant"},
	RoleCoordinator:          {"Samordnare (tjänsteperson)", "Coordinator (civil servant)"},
	TeamCountMajority:        {"{n} politiker från majoriteten", "{n} {n|politician|politicians} from the majority"},
	TeamCountOpposition:      {"{n} politiker från oppositionen", "{n} {n|politician|politicians} from the opposition"},
	TeamCountCivilServants:   {"{n} {n|tjänsteperson|tjänstepersoner}", "{n} {n|civil servant|civil servants}"},
	TeamCountCoordinators:    {"{n} samordnare", "{n} {n|coordinator|coordinators}"},
	TeamSpan:                 {"{min} till {count}", "{min} to {count}"},
	TeamAtMost:               {"högst {count}", "at most {count}"},
	TeamIncluding:            {"{count}, varav {of}", "{count}, including {of}"},
	ListAnd:                  {"och", "and"},
	BudgetYearFor:            {"Bara för: {types}.", "Only for: {types}."},
	ReasonTeamEmpty:          {"ange vilka som är med: {rule}.", "list who takes part: {rule}."},
	ReasonTeamCount:          {"teamet ska ha {count}, nu {got}.", "the team needs {count}, now {got}."},
	ReasonTeamTooMany:        {"högst {max} {max|person|personer}.", "at most {max} {max|person|people}."},
	ReasonTeamRoleNotInType:  {"rollen ingår inte i teamet för {type}: välj en annan roll.", "the role is not part of the team for {type}: choose another role."},
	ReasonYearBeyondType:     {"{type} pågår högst {max} år: lämna året tomt.", "{type} runs for at most {max} {max|year|years}: leave this year empty."},
	ReasonDurationExact:      {"{type} pågår {max} år: välj {max}.", "{type} runs for {max} {max|year|years}: choose {max}."},
	PrivacyTeam: {"Teamet: namn och roll för dem som är med från varje part. Namnen behövs för att boka resor; något annat om personerna frågar vi inte efter. Partitillhörighet är en känslig personuppgift (artikel 9 i dataskyddsförordningen), så vi frågar aldrig efter eller sparar vilket parti en politiker tillhör. Vi sparar bara om en politiker tillhör majoriteten eller oppositionen, och bara för de projekttyper vars regel kräver politiker från båda sidor; för andra projekttyper tar formuläret inte emot de rollerna. Namnen raderas när partens kontaktuppgifter raderas (se tabellen nedan).",
		"The team: the name and role of those who take part from each party. The names are needed to book travel; we ask for nothing else about the people. Party affiliation is sensitive personal data (Article 9 of the GDPR), so we never ask for or store which party a politician belongs to. We store only whether a politician belongs to the majority or the opposition, and only for the project types whose rule requires politicians from both sides; for other project types the form does not accept those roles. The names are erased when the party's contact details are (see the table below)."},

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
	ConfirmIntro:        {"När du skickar köas {n} mejl, och {n|det går|de går} sedan inte att ta tillbaka:", "When you send, {n} {n|email is|emails are} queued, and {n|it|they} cannot be called back:"},
	ConfirmSend:         {"Skicka {n} mejl nu", "Send {n} {n|email|emails} now"},
	Cancel:              {"Avbryt, tillbaka till beslutsmejlen", "Cancel, back to the decision emails"},
	Recipients:          {"Mottagare", "Recipients"},
	ToSwedishInSwedish:  {"Svenska parter, på svenska", "Swedish parties, in Swedish"},
	ToSwedishInEnglish:  {"Svenska parter, på engelska (ansökan på engelska)", "Swedish parties, in English (application in English)"},
	ToPartnersInEnglish: {"Partner, på engelska", "Partners, in English"},
	DecisionsOutcomes:   {"{granted} {granted|beviljad|beviljade} och {rejected} {rejected|avslagen|avslagna} {rejected|ansökan|ansökningar}.", "{granted} granted and {rejected} rejected {rejected|application|applications}."},

	DecisionEmailsTo:    {"Beslutsmejlet går till:", "The decision email goes to:"},
	DecisionRecipient:   {"{party}: {organisation}, {email} – på {language}", "{party}: {organisation}, {email} – in {language}"},
	MotivationEnHint:    {"Partnern får alltid beslutet på engelska. Lämnar du fältet tomt får mottagarna på engelska den svenska motiveringen, under en mening på engelska om att den bara finns på svenska.", "The partner always gets the decision in English. If you leave this empty, the recipients in English get the Swedish motivation, under a sentence in English saying it is in Swedish only."},
	NoEnglishMotivation: {"Ingen: mottagarna på engelska får den svenska motiveringen, med en mening på engelska om att den bara finns på svenska.", "None: the recipients in English get the Swedish motivation, with a sentence in English saying it is in Swedish only."},

	AppWithdrawn:           {"Återkallad", "Withdrawn"},
	AuditWithdrawn:         {"{withdrawn}; tidigare {from}", "{withdrawn}; before: {from}"},
	AuditWithdrawnGiveBack: {"{withdrawn}; tidigare {from}; {amount} tillbaka i utlysningens budget", "{withdrawn}; before: {from}; {amount} back in the call's budget"},
	WithdrawSpam:           {"Skräp (spam): en falsk eller oseriös ansökan", "Spam: a fake or abusive application"},
	WithdrawByApplicant:    {"Sökanden har återkallat ansökan", "The applicant has withdrawn it"},
	WithdrawnSpam:          {"Återkallad (skräp)", "Withdrawn (spam)"},
	WithdrawnByApplicant:   {"Återkallad av sökanden", "Withdrawn by the applicant"},
	WithdrawHeading:        {"Markera valda som återkallade", "Mark the selected as withdrawn"},
	WithdrawHint: {"Det som är återkallat räknas inte i utlysningen, får inga beslutsmejl och visas inte i den publicerade listan. Ett beviljat belopp går tillbaka till budgeten. Det går inte när beslutsmejlet redan är köat.",
		"What is withdrawn does not count in the call, gets no decision emails and is not in the published list. A granted amount goes back to the budget. Not possible once the decision email is queued."},
	WithdrawSelect:       {"Välj", "Select"},
	WithdrawSelectApp:    {"Välj {ref}", "Select {ref}"},
	WithdrawButton:       {"Markera som återkallade", "Mark as withdrawn"},
	WithdrawDone:         {"De valda ansökningarna är markerade som återkallade.", "The selected applications are marked as withdrawn."},
	WithdrawResultTitle:  {"Alla kunde inte markeras", "Not all could be marked"},
	WithdrawPartly:       {"{done} av {total} markerades som {done|återkallad|återkallade}. Dessa gick inte:", "{done} of {total} {done|was|were} marked as withdrawn. These did not go through:"},
	WithdrawNotPossible:  {"Ansökan kan inte återkallas i sin nuvarande status.", "The application cannot be withdrawn in its current status."},
	WithdrawnCount:       {"Återkallade (räknas inte)", "Withdrawn (not counted)"},
	ErrorSummaryWithdraw: {"Inget markerades. Rätta följande:", "Nothing was marked. Please correct the following:"},
	FieldWithdrawRefs:    {"Ansökningar att markera", "Applications to mark"},
	FieldWithdrawReason:  {"Skäl", "Reason"},
	ReasonNoneChosen:     {"välj minst en.", "choose at least one."},
	ReasonTooManyChosen:  {"välj högst {max} åt gången.", "choose at most {max} at a time."},

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
	DecisionGrantedNext:     {"Nästa steg: den svenska parten betalar projektets kostnader och får dem ersatta efter varje projektårs rapport, upp till årets beviljade belopp. Varje års rapport lämnas på engelska senast den dag som anges ovan, med redovisning per budgetpost, revisorsintyg och undertecknat godkännande. Svara på det här mejlet om ni har frågor.", "Next steps: the Swedish party pays the project's costs and is reimbursed after each project year's report, up to the year's granted amount. Each year's report is written in English by the day given above, with the accounts per budget line, an audit certificate and a signed approval. Reply to this email if you have any questions."},
	DecisionRejectedSubject: {"Beslut: ansökan {ref} beviljas inte", "Decision: application {ref} is not granted"},
	DecisionRejectedLead:    {"Er ansökan till Kommunalt partnerskap har tyvärr inte beviljats.", "We regret that your application to the Municipal Partnership Programme has not been granted."},
	DecisionRejectedNext:    {"Ni är välkomna att söka igen i en kommande utlysning. Svara på det här mejlet om ni har frågor.", "You are welcome to apply again in a coming call. Reply to this email if you have any questions."},
	DecisionAmount:          {"Beviljat belopp", "Amount granted"},
	MotivationSwedishOnly:   {"Motiveringen finns bara på svenska och återges nedan som den skrevs. Svara på det här mejlet om ni behöver den på engelska.", "The motivation for this decision was written in Swedish only and is given below as written. Reply to this email if you need it in English."},

	SummarySubject:      {"Utlysningen {round} har stängt: {n} {n|ansökan|ansökningar}", "{round} closed: {n} {n|application|applications}"},
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
	PrivacyWhat:              {"Ansökans uppgifter (organisationer, land, projekttyp, tema, titel, sammanfattning, mål, längd och budget) och kontaktpersonernas namn, e-postadresser och telefonnummer, för den svenska parten, partnern och en eventuell tredje part, och namn och e-postadress till den svenska partens firmatecknare när någon annan än kontaktpersonen skriver under. Firmatecknarens uppgifter hör till den svenska partens kontaktuppgifter och raderas med dem. När partnern eller firmatecknaren bekräftar eller avböjer ansökan sparar vi svaret med namn och roll på den som svarade. Om e-post som vi skickar sparar vi mottagarens adress, innehållet och om det levererades.", "The application's details (organisations, country, project type, theme, title, summary, objectives, duration and budget) and the contact people's names, email addresses and phone numbers, for the Swedish party, the partner and any third party, and the name and email address of the Swedish party's signatory when someone other than the contact person signs. The signatory's details belong to the Swedish party's contact details and are erased with them. When the partner or the signatory confirms or declines the application, we keep the answer with the name and role of the person who answered. Of the emails we send, we keep the recipient's address, the content and whether it was delivered."},
	PrivacyHowLongHeading:    {"Hur länge", "For how long"},
	PrivacyHowLong:           {"Så länge sparar vi uppgifterna, och så raderas de. Där tabellen säger att det sker automatiskt gör systemet det varje natt. Tiderna för avslagna, återkallade och beviljade ansökningar är programmets förslag och ska bekräftas av programmets dataskyddsombud.", "This is how long we keep the data, and how it is deleted. Where the table says it is automatic, the system does it every night. The periods for rejected, withdrawn and granted applications are the programme's proposals, to be confirmed by its data protection officer."},
	RetentionData:            {"Uppgifter", "Data"},
	RetentionPeriod:          {"Sparas", "Kept"},
	RetentionDeletion:        {"Radering", "Deletion"},
	RetentionSubmitted:       {"Inkomna ansökningar och deras kontaktuppgifter", "Submitted applications and their contact details"},
	RetentionSubmittedPeriod: {"Medan utlysningen handläggs och tills beslutet är fattat; därefter enligt raderna nedan.", "While the call is handled and until the decision is made; then as in the rows below."},
	RetentionEmails:          {"E-post som vi skickar: innehållet och mottagarens adress", "Emails we send: their content and the recipient's address"},
	RetentionEmailsPeriod:    {"{days} dagar efter att mejlet skickades (eller inte kunde levereras). Att ett mejl skickades, och när, sparas utan adress och innehåll.", "{days} days after the email was sent (or could not be delivered). That an email was sent, and when, is kept without the address and content."},
	RetentionRejected:        {"Kontaktuppgifter i avslagna ansökningar", "Contact details of rejected applications"},
	RetentionRejectedPeriod:  {"{months} månader efter att beslutet mejlades: tiden att begära omprövning, med marginal. Ansökan och beslutet sparas utan namn, e-postadresser och telefonnummer.", "{months} months after the decision was emailed: the time to ask for a review, with a margin. The application and the decision are kept without names, email addresses and phone numbers."},
	RetentionGranted:         {"Handlingar om beviljade projekt: ansökan, bidraget, rapporterna och deras filer", "Records of granted projects: the application, the grant, its reports and their files"},
	RetentionGrantedPeriod:   {"Under programmets arkivtid: till utgången av det {years}:e kalenderåret efter projektets sista år. Datumet står på ansökan.", "For the programme's archive period: until the end of the {years}th calendar year after the project's last year. The date is marked on the application."},
	RetentionNotImplemented:  {"Slutdatumet markeras automatiskt; radering efter arkivtiden är inte införd ännu.", "The end date is marked automatically; deletion after the archive period is not implemented yet."},
	PrivacyAskHeading:        {"Vem du frågar", "Whom to ask"},
	PrivacyAsk:               {"Du har rätt att få veta vilka uppgifter vi har om dig, att få fel rättade och att begära att uppgifter raderas. Du kan också klaga hos Integritetsskyddsmyndigheten (IMY).", "You have the right to know what data we hold about you, to have errors corrected and to ask for data to be erased. You can also complain to the Swedish Authority for Privacy Protection (IMY)."},
	PrivacyContactAddress:    {"Skriv till programmet: {address}", "Write to the programme: {address}"},
	PrivacyContactFixed:      {"Skriv till programmet: svara på kvittot eller beslutet du fått från oss, så kommer frågan till programmets handläggare.", "Write to the programme: reply to the receipt or the decision you received from us, and the question reaches the programme's officers."},

	RetentionWithdrawn:       {"Kontaktuppgifter i återkallade ansökningar (även skräp)", "Contact details of withdrawn applications (spam included)"},
	RetentionWithdrawnPeriod: {"{days} dagar efter att ansökan återkallades.", "{days} days after the application was withdrawn."},
	RetentionLinks:           {"Länken som bekräftar din e-postadress, med adressen", "The link that confirms your email address, with the address"},
	RetentionLinksPeriod:     {"Till {days} dagar efter utlysningens sista dag.", "Until {days} days after the call's deadline."},
	RetentionUploads:         {"Bifogade filer som aldrig blev en del av en ansökan (och en avslagen eller återkallad ansökans filer när kontaktuppgifterna raderas)", "Attached files that never became part of an application (and a rejected or withdrawn application's files when its contact details are erased)"},
	RetentionUploadsPeriod:   {"Till {days} dagar efter utlysningens sista dag, eller till kontaktuppgifterna raderas.", "Until {days} days after the call's deadline, or until the contact details are erased."},
	RetentionCounters:        {"Räknare mot missbruk (bara hashvärden av adresser, anslutningar och organisationer)", "Counters against abuse (only hashes of addresses, connections and organisations)"},
	RetentionCountersPeriod:  {"Dagliga räknare till början av dagen efter nästa; räknare per organisation lika länge som länkarna ovan.", "Daily counters until the start of the day after next; counters per organisation as long as the links above."},
	RetentionAudit:           {"Ansökans ändringslogg: vem som ändrade vad och när", "The application's change log: who changed what, and when"},
	RetentionAuditPeriod:     {"Så länge ansökan finns. Den innehåller inga av den sökandes uppgifter, bara handläggarens e-postadress som namn.", "As long as the application. It holds none of the applicant's data, only an officer's email address as a name."},
	RetentionLogs:            {"Systemets loggar (utan namn och e-postadresser)", "The system's logs (without names or email addresses)"},
	RetentionLogsPeriod:      {"{days} dagar.", "{days} days."},
	RetentionOnRequest:       {"Dina kontaktuppgifter, när du ber oss radera dem", "Your contact details, when you ask us to erase them"},
	RetentionOnRequestPeriod: {"Raderas direkt av en handläggare; beslutet och beloppen finns kvar. Mejl till dig om ansökan som inte har skickats än skickas inte.", "Erased at once by an officer; the decision and the amounts stay. Emails to you about the application that are not sent yet are not sent."},
	RetentionByJob:           {"Automatiskt: ett jobb varje natt ersätter uppgifterna.", "Automatic: a nightly job replaces the data."},
	RetentionByTTL:           {"Automatiskt: databasen raderar posten.", "Automatic: the database deletes the record."},
	RetentionByLogs:          {"Automatiskt: loggarna raderas.", "Automatic: the logs are deleted."},
	RetentionKeptWith:        {"Sparas med ansökan.", "Kept with the application."},
	RetentionOnRequestHow:    {"På begäran, av en handläggare.", "On request, by an officer."},
	EraseHeading:             {"Radera kontaktuppgifter", "Erase contact details"},
	EraseHint: {"Raderar en persons namn, e-postadress och telefonnummer ur ansökan för gott, till exempel när personen begär det. Beslutet, beloppen och ändringsloggen finns kvar; loggen säger att uppgifterna raderades, av vem och varför, men inte vad. Mejl om ansökan till personen som inte har skickats än skickas aldrig, och skickade mejl förlorar adress och innehåll.",
		"Erases a person's name, email address and phone number from the application for good, for example when the person asks. The decision, the amounts and the change log stay; the log says that the details were erased, by whom and why, but not what. Emails about the application to the person that are not sent yet are never sent, and sent ones lose their address and content."},
	FieldErasePerson:      {"Vems uppgifter", "Whose details"},
	FieldEraseConfirm:     {"Bekräftelse", "Confirmation"},
	EraseConfirmLabel:     {"Jag förstår att uppgifterna raderas för gott och inte kan återställas.", "I understand that the details are erased for good and cannot be restored."},
	EraseButton:           {"Radera kontaktuppgifterna", "Erase the contact details"},
	EraseRequested:        {"Personen har begärt radering", "The person asked for erasure"},
	EraseObjected:         {"Personen har invänt mot behandlingen", "The person objected to the processing"},
	EraseNotNeeded:        {"Uppgifterna behövs inte längre", "The details are no longer needed"},
	EraseWrongPerson:      {"Uppgifterna gäller fel person", "The details are about the wrong person"},
	ErasedOn:              {"Kontaktuppgifterna raderades {date}", "Contact details erased on {date}"},
	ContactsErased:        {"Kontaktuppgifterna är raderade.", "The contact details are erased."},
	ErrorSummaryErase:     {"Inget raderades. Rätta följande:", "Nothing was erased. Please correct the following:"},
	ReasonNotConfirmed:    {"kryssa i rutan för att bekräfta.", "tick the box to confirm."},
	AlreadyErased:         {"Den personens kontaktuppgifter är redan raderade.", "That person's contact details are erased already."},
	EraseInFlight:         {"Ett mejl till personen skickas just nu. Ingenting raderades; försök igen om en kvart.", "An email to the person is being sent right now. Nothing was erased; try again in a quarter of an hour."},
	AllErased:             {"Alla kontaktuppgifter i ansökan är raderade.", "Every contact's details in the application are erased."},
	ArchiveUntilTerm:      {"Bevaras till", "Kept until"},
	MailCancelled:         {"Inte skickat (uppgifterna raderade)", "Not sent (details erased)"},
	ActorRetentionJob:     {"Gallringsjobbet", "The retention job"},
	AuditContactsErased:   {"Kontaktuppgifter raderade: {parties} ({reason})", "Contact details erased: {parties} ({reason})"},
	AuditContactsRedacted: {"Kontaktuppgifter raderade: {parties} (gallring: {rule})", "Contact details erased: {parties} (retention: {rule})"},
	AuditArchiveMarked:    {"Arkivtiden markerad: bevaras till {until}", "Archive period marked: kept until {until}"},

	DocLetterOfIntent:           {"Avsiktsförklaring, undertecknad av båda parternas ledning", "Letter of intent, signed by both partners' leadership"},
	DocBudget:                   {"Budget på programmets mall", "Budget on the programme's template"},
	DocPlanningTool:             {"Planeringsverktyg (LFA-matris)", "Planning tool (Logical Framework Approach)"},
	DocOther:                    {"Övrig bilaga", "Other appendix"},
	ReasonFileEmpty:             {"filen är tom.", "the file is empty."},
	ReasonFileTooLarge:          {"filen är större än {max}.", "the file is larger than {max}."},
	ReasonFileType:              {"filen är inte i något av formaten {formats} (vi läser filens innehåll, inte dess namn).", "the file is not in one of the formats {formats} (we read the file's content, not its name)."},
	ReasonFileThreat:            {"virusskanningen hittade skadlig kod i filen. Den är borttagen.", "the malware scan found malicious code in the file. It has been deleted."},
	ReasonFileKind:              {"den här projekttypen tar inte emot den bilagan: ta bort den eller välj en annan typ.", "this project type does not take that appendix: remove it or choose another type."},
	ReasonDocumentChanged:       {"en bilaga ändrades medan ansökan skickades in. Skicka in igen.", "an appendix changed while the application was being submitted. Please submit again."},
	DocumentsSection:            {"Bilagor", "Appendices"},
	DocumentsTitle:              {"Bilagor till ansökan", "Appendices to the application"},
	DocumentsIntro:              {"Ladda upp en fil per bilaga. Du kan byta eller ta bort en fil fram till sista ansökningsdag; det som gäller när du skickar in ansökan är det som följer med.", "Upload one file per appendix. You can replace or remove a file until the deadline; what is here when you submit the application goes with it."},
	DocumentsButton:             {"Spara utkast och hantera bilagor", "Save draft and manage appendices"},
	DocRequiredFor:              {"Krävs för: {types}.", "Required for: {types}."},
	DocTakenBy:                  {"Frivillig för: {types}.", "Optional for: {types}."},
	DocFormats:                  {"Format: {formats}. Högst {max}.", "Formats: {formats}. At most {max}."},
	DocUploaded:                 {"Uppladdad", "Uploaded"},
	DocMissing:                  {"Inte uppladdad", "Not uploaded"},
	DocChooseFile:               {"Fil för {doc}", "File for {doc}"},
	DocUploadButton:             {"Ladda upp", "Upload"},
	DocReplaceButton:            {"Ladda upp en ny fil", "Upload a new file"},
	DocRemoveButton:             {"Ta bort {name}", "Remove {name}"},
	DocUploadedOK:               {"{name} är uppladdad och kontrollerad.", "{name} is uploaded and checked."},
	DocRemoved:                  {"Filen är borttagen.", "The file is removed."},
	DocRefused:                  {"Filen räknas inte och är borttagen.", "The file does not count and has been deleted."},
	DocUploadHint:               {"Filen går direkt till vår fillagring, som stoppar en fil över storleksgränsen med ett felmeddelande på engelska (gå då tillbaka hit). Sedan kontrollerar vi filen och du kommer tillbaka till den här sidan.", "The file goes straight to our file storage, which stops a file over the size limit with an error message (then come back here). Then we check the file and you come back to this page."},
	DocBackToForm:               {"Tillbaka till ansökan", "Back to the application"},
	DocOpen:                     {"Öppna {name}", "Open {name}"},
	DocBlocked:                  {"Filen är spärrad: virusskanningen hittade skadlig kod.", "The file is blocked: the malware scan found malicious code."},
	DocNone:                     {"Inga bilagor.", "No appendices."},
	DocSize:                     {"{size}, {format}", "{size}, {format}"},
	DocUnknown:                  {"Ansökan har ingen sådan bilaga.", "The application has no such appendix."},
	ReasonNotConfirmedByPartner: {"partnern har inte bekräftat ansökan, och utlysningen kräver det för att bevilja. Avslå, eller vänta på partnerns svar.", "the partner has not confirmed the application, and the call requires it for a grant. Reject it, or wait for the partner's answer."},
	AnswerBy:                    {"Svara senast {date}.", "Please answer by {date}."},
	AnswerTooLate:               {"Tiden att svara gick ut {date}.", "The time to answer ended on {date}."},
	ConfirmRequired:             {"Utlysningen kräver partnerns bekräftelse för att bevilja.", "The call requires the partner's confirmation for a grant."},
	DocUploading:                {"Laddar upp … Webbläsaren visar hur långt den har kommit; sidan kommer tillbaka när filen är kontrollerad.", "Uploading … The browser shows how far it has come; the page comes back when the file is checked."},
	DocumentsHowTo:              {"Bilagorna laddar du upp på en egen sida: knappen ”Spara utkast och hantera bilagor” längst ned sparar det du skrivit och tar dig dit.", "You upload the appendices on a page of their own: the button 'Save draft and manage appendices' at the bottom saves what you typed and takes you there."},

	ReasonScoreRange: {"ge ett betyg från {min} till {max}.", "give a score from {min} to {max}."},
	ReviewCommentOn:  {"Kommentar om {criterion}", "Comment on {criterion}"},
	AssignShortfall: {"{ref} har {got} av {want} granskare: av {reviewers} granskare har {conflicted} anmält jäv mot ansökan.",
		"{ref} has {got} of {want} {want|reviewer|reviewers}: of {reviewers} {reviewers|reviewer|reviewers}, {conflicted} declared a conflict of interest with it."},

	BudgetWhole:              {"Årets hela budget", "The year's whole budget"},
	GrantNotGranted:          {"Ansökan är inte beviljad.", "The application is not granted."},
	GrantIsClosed:            {"Bidraget är avslutat: sista årets rapport är godkänd.", "The grant is closed: its last year's report is approved."},
	GrantNoSuchYear:          {"Projektet har inget sådant projektår.", "The project has no such project year."},
	GrantYearNotStarted:      {"Projektåret har inte börjat än; dess rapport kan skrivas när det har börjat.", "The project year has not started yet; its report can be written once it has."},
	GrantReportStarted:       {"Årets rapport är redan påbörjad.", "The year's report is started already."},
	GrantReportLocked:        {"Rapporten är inskickad och kan inte längre ändras.", "The report is submitted and can no longer change."},
	GrantReportNotSubmitted:  {"Rapporten är inte inskickad.", "The report is not submitted."},
	GrantAlreadyApproved:     {"Årets rapport är redan godkänd och ersättningen registrerad.", "The year's report is approved already and its reimbursement recorded."},
	GrantOverAmount:          {"Ersättningen skulle göra att mer än det beviljade beloppet betalas ut. Ingenting registrerades.", "The reimbursement would pay out more than the amount granted. Nothing was recorded."},
	GrantChangeDecided:       {"Ändringen är redan beslutad.", "The change request is decided already."},
	ReasonNegativeAmount:     {"ange ett belopp i hela kronor, noll eller mer.", "enter an amount in whole kronor, zero or more."},
	ReasonLineNotInBudget:    {"raden finns inte i den beviljade budgeten.", "the line is not in the approved budget."},
	ReasonLineTwice:          {"raden finns med två gånger.", "the line is there twice."},
	ReasonAccountsTotal:      {"raderna blir tillsammans {sum}; totalen ska vara deras summa.", "the lines add up to {sum}; the total must be their sum."},
	ReasonLinesTotal:         {"budgetraderna ska tillsammans bli årets beviljade belopp, {amount}.", "the budget lines must add up to the year's granted amount, {amount}."},
	ReasonOverLine:           {"högst {amount}, det som finns på raden det året.", "at most {amount}, what the line has that year."},
	ReasonDeadlineInYear:     {"sista dagen för rapporten ska komma efter projektårets sista dag, {date}.", "the report's last day must come after the project year's last day, {date}."},
	ReasonDeadlineNotLater:   {"den nya sista dagen ska vara senare än den nuvarande, {date}.", "the new last day must be later than the current one, {date}."},
	ReasonReportIn:           {"årets rapport är redan inskickad.", "the year's report is submitted already."},
	FieldProjectStart:        {"Projektets första dag", "The project's first day"},
	FieldBudgetLines:         {"Budgetrader", "Budget lines"},
	FieldLineName:            {"Namn på budgetraden {line}", "Name of budget line {line}"},
	FieldReportLastDay:       {"Sista dag för rapporten för år {n}", "Last day of the report for year {n}"},
	FieldYearAmount:          {"Beviljat för år {n}", "Granted for year {n}"},
	FieldReportDone:          {"Vad som gjordes under året", "What was done in the year"},
	FieldReportResults:       {"Resultat i båda kommunerna", "Results in both municipalities"},
	FieldReportDeviations:    {"Avvikelser från plan och budget", "Deviations from the plan and the budget"},
	FieldReportSummary:       {"Sammanfattning av resultaten för publicering (på engelska)", "Summary of the results for publication"},
	FieldAccountsFile:        {"Excelfilen med redovisningen", "The accounts workbook"},
	ReasonNotAnOrganisation:  {"{value} är inte en kommun eller region som ansökningarna använder; skriv namnet som i ansökningarna, till exempel Kalix eller Region Västernorrland.", "{value} is not a municipality or region the applications name; write the name as the applications do, for example Kalix or Region Västernorrland."},
	ReasonChooseScore:        {"välj ett betyg.", "choose a score."},
	MTShortTitle:             {"Saknar granskare", "Short of reviewers"},
	RVConflictsSaved:         {"Dina jäv är sparade.", "Your conflicts of interest are saved."},
	RVSheetSaved:             {"Bedömningen är sparad som utkast.", "The assessment is saved as a draft."},
	RVSheetSubmitted:         {"Bedömningen är inskickad och låst.", "The assessment is submitted and locked."},
	RVConflictRecorded:       {"Jävet är registrerat och ansökan är inte längre din att bedöma.", "The conflict is recorded; the application is no longer yours to assess."},
	RVTitle:                  {"Bedömning av ansökningar", "Assessing applications"},
	RVStatusSubmitted:        {"Inskickad", "Submitted"},
	RVStatusDraft:            {"Utkast", "Draft"},
	RVStatusOpened:           {"Öppnad", "Opened"},
	RVStatusNew:              {"Ny", "New"},
	RVErrorSummary:           {"Det gick inte att spara. Rätta följande:", "It could not be saved. Please correct the following:"},
	RVConflictsTitle:         {"Jäv du anmäler i förväg", "Conflicts of interest you declare up front"},
	RVConflictsHint:          {"Ange organisationer och länder där du har ett eget intresse, till exempel en tidigare anställning eller en nära anhörig. Du får inga ansökningar från dem. Du ser inga ansökningar innan du har svarat här; inget jäv är också ett svar.", "Name the organisations and countries in which you have an interest of your own, such as a former employer or a close relative. You get no applications from them. You see no application before you have answered here; no conflict is an answer too."},
	RVOrganisations:          {"Svenska organisationer", "Swedish organisations"},
	RVOrganisationsHint:      {"En per rad, så som ansökningarna skriver dem, till exempel Kalix eller Region Västernorrland.", "One per line, as the applications name them, for example Kalix or Region Västernorrland."},
	RVCountries:              {"Samarbetsländer", "Partner countries"},
	RVDeclare:                {"Spara mina jäv", "Save my conflicts of interest"},
	RVQueueTitle:             {"Ansökningar att bedöma", "Applications to assess"},
	RVDeclareFirst:           {"Anmäl dina jäv ovan först (eller att du inte har några), så visas ansökningarna du har fått.", "Declare your conflicts of interest above first (or that you have none) to see the applications assigned to you."},
	RVQueueEmpty:             {"Du har inga ansökningar att bedöma just nu.", "You have no applications to assess right now."},
	RVAssessTitle:            {"Bedöm ansökan", "Assess application"},
	RVBack:                   {"Till dina ansökningar", "Back to your applications"},
	RVQuestion:               {"Har du jäv mot den här ansökan?", "Do you have a conflict of interest with this application?"},
	RVQuestionHint:           {"Svara innan du läser ansökan. Har du jäv tas ansökan bort från dig och jävet sparas i ansökans logg.", "Answer before you read the application. If you have a conflict, the application is taken from you and the conflict is kept in its log."},
	RVNoConflict:             {"Jag har inget jäv, visa ansökan", "I have no conflict; show the application"},
	RVHasConflict:            {"Jag har jäv", "I have a conflict of interest"},
	RVSheetTitle:             {"Din bedömning", "Your assessment"},
	RVTotal:                  {"Viktad summa", "Weighted total"},
	RVLocked:                 {"Bedömningen är inskickad. Handläggarna kan öppna den igen om den behöver ändras.", "The assessment is submitted. Staff can reopen it if it needs to change."},
	RVSubmit:                 {"Skicka in bedömningen", "Submit the assessment"},
	RVSave:                   {"Spara utkast", "Save draft"},
	RVWeight:                 {"vikt {n}", "weight {n}"},
	RVNotAssigned:            {"Ansökan är inte tilldelad dig (eller så har du anmält jäv mot den).", "The application is not assigned to you (or you declared a conflict with it)."},
	RVDeclareFirstError:      {"Anmäl dina jäv först.", "Declare your conflicts of interest first."},
	RVNoReview:               {"Utlysningen har ingen bedömning.", "The call has no assessment."},
	RVChanged:                {"Något ändrades under tiden. Ladda om sidan och försök igen.", "Something changed meanwhile. Reload the page and try again."},
	RVSheetLocked:            {"Bedömningen är inskickad; handläggarna kan öppna den igen.", "The assessment is submitted; staff can reopen it."},
	RVNotReviewer:            {"Den personen kan inte ta ansökan: inte granskare, redan tilldelad eller jävig.", "That person cannot take the application: not a reviewer, assigned already, or conflicted."},
	MTAssigned:               {"Granskarna är tilldelade.", "Reviewers are assigned."},
	MTReopened:               {"Bedömningen är öppnad igen.", "The assessment is reopened."},
	MTReassigned:             {"Ansökan är flyttad till en annan granskare.", "The application is moved to another reviewer."},
	MTTitle:                  {"Beslutsmöte", "Decision meeting"},
	MTErrorSummary:           {"Beslutet kunde inte fattas. Rätta följande:", "The decision could not be made. Please correct the following:"},
	MTNotDone:                {"Dessa gick inte igenom", "These did not go through"},
	MTLeft:                   {"Kvar av budgeten", "Left of the budget"},
	MTAssignHint:             {"Ger varje ansökan under granskning utlysningens antal granskare, aldrig någon med jäv; redan tilldelade behålls.", "Gives each application in review the call's number of reviewers, never one with a conflict; existing assignments are kept."},
	MTAssign:                 {"Tilldela granskare", "Assign reviewers"},
	MTRankingHint:            {"Ordnade efter viktad summa, högst först. Löpande summa: vad som beviljas om listan beviljas uppifrån.", "Ranked by weighted total, highest first. Running total: what is granted if the list is granted from the top."},
	MTRanking:                {"Rangordning", "Ranking"},
	MTSelect:                 {"Välj", "Select"},
	MTPosition:               {"Plats", "Rank"},
	MTScore:                  {"Viktad summa (antal)", "Weighted total (count)"},
	MTSpread:                 {"Spridning", "Spread"},
	MTRunning:                {"Löpande summa", "Running total"},
	MTPick:                   {"Välj {ref}", "Select {ref}"},
	MTNoScore:                {"Ingen bedömning", "Not assessed"},
	MTFlagged:                {"stor spridning", "wide spread"},
	MTOverBudget:             {"över budget", "over budget"},
	MTBatchOutcome:           {"Beslut för de valda", "Decision for the selected"},
	MTGrantRequested:         {"Bevilja sökt belopp", "Grant the amount applied for"},
	MTBatchHint:              {"Varje vald ansökan beslutas för sig inom budgeten; de som inte går igenom listas med skälet.", "Each selected application is decided on its own within the budget; those that do not go through are listed with the reason."},
	MTBatchDecide:            {"Besluta för de valda", "Decide the selected"},
	MTBatchDone:              {"{n} {n|beslut|beslut} sparade.", "{n} {n|decision|decisions} saved."},
	MTReviewsTitle:           {"Bedömningar", "Assessments"},
	MTNoReviews:              {"Ingen granskare är tilldelad.", "No reviewer is assigned."},
	MTReopen:                 {"Öppna bedömningen igen", "Reopen the assessment"},
	MTMoveTo:                 {"Flytta till", "Move to"},
	MTMove:                   {"Flytta", "Move"},
	MTReviewsLink:            {"Bedömningar", "Assessments"},
	MTMeetingLink:            {"Beslutsmöte", "Decision meeting"},
	PublicSummary:            {"Resultat (sammanfattning)", "Results (summary)"},
	ReasonNotADate:           {"ange ett datum som ÅÅÅÅ-MM-DD, till exempel 2027-07-01.", "enter a date as YYYY-MM-DD, such as 2027-07-01."},
	SGReportApprovedNotice:   {"Rapporten är godkänd och ersättningen registrerad.", "The report is approved and its reimbursement recorded."},
	SGReportReturnedNotice:   {"Rapporten är skickad tillbaka till bidragsmottagaren med era kommentarer.", "The report is returned to the grantee with your comments."},
	SGChangeDecidedNotice:    {"Ändringsbegäran är besvarad.", "The change request is answered."},
	SGGrantsTitle:            {"Bidrag att följa upp", "Grants to follow up"},
	SGGrantTitle:             {"Bidrag", "Grant"},
	SGYearN:                  {"Projektår {n}", "Project year {n}"},
	SGNextDue:                {"Projektår {n}, senast {date}", "Project year {n}, by {date}"},
	SGGrantsSheet:            {"Bidrag", "Grants"},
	SGState:                  {"Läge", "State"},
	SGProjectYear:            {"Projektår", "Project year"},
	SGYearAmount:             {"Beviljat för året", "Granted for the year"},
	SGReportLastDay:          {"Sista dag för rapporten", "Report due by"},
	SGReportState:            {"Rapport", "Report"},
	SGReimbursed:             {"Ersatt", "Reimbursed"},
	SGOverdue:                {"Försenad", "Overdue"},
	SGUnused:                 {"Ej utnyttjat", "Unused"},
	SGRemaining:              {"Kvar att ersätta", "Left to reimburse"},
	SGReportN:                {"Rapport för projektår {n}", "Report for project year {n}"},
	SGChangeExtension:        {"Ny sista dag för rapporten för projektår {n}: {date}", "A new last day for project year {n}'s report: {date}"},
	SGChangeMove:             {"Projektår {n}: flytta {amount} från {from} till {to}", "Project year {n}: move {amount} from {from} to {to}"},
	SGChangeTeam:             {"Nytt projektteam: {names}", "A new project team: {names}"},
	SGTotalsTitle:            {"Per utlysning", "By call"},
	SGNoGrants:               {"Inga bidrag ännu: ett bidrag börjar när beslutsmejlen skickas.", "No grants yet: a grant starts when its decision emails are sent."},
	SGGrantsCount:            {"Bidrag", "Grants"},
	SGRunning:                {"pågår", "running"},
	SGWaiting:                {"Rapporter att granska", "Reports to review"},
	SGNext:                   {"Nästa rapport", "Next report"},
	SGYearsTitle:             {"Projektår", "Project years"},
	SGPeriod:                 {"Period", "Period"},
	SGLinesTitle:             {"Godkänd budget per budgetpost", "Approved budget by line"},
	SGLine:                   {"Budgetpost", "Budget line"},
	SGBudget:                 {"Budget", "Budget"},
	SGSpent:                  {"Redovisat", "Reported"},
	SGDiff:                   {"Avvikelse", "Deviation"},
	SGPercent:                {"Avvikelse i procent", "Deviation in per cent"},
	SGDeviationsTitle:        {"Redovisade kostnader mot budget", "Reported costs against the budget"},
	SGReportsTitle:           {"Rapporter", "Reports"},
	SGNoReports:              {"Ingen rapport är påbörjad ännu.", "No report has been started yet."},
	SGSubmitted:              {"Inskickad", "Submitted"},
	SGReturnedWith:           {"Kommentarer när rapporten skickades tillbaka", "Comments when the report was returned"},
	SGCommentsLabel:          {"Kommentarer till bidragsmottagaren", "Comments to the grantee"},
	SGCommentsHint:           {"Krävs för att skicka tillbaka rapporten; skickas inte vid godkännande.", "Required to return the report; not sent on approval."},
	SGApprove:                {"Godkänn och registrera ersättningen", "Approve and record the reimbursement"},
	SGReturn:                 {"Skicka tillbaka med kommentarerna", "Return with the comments"},
	SGChangesTitle:           {"Ändringsbegäranden", "Change requests"},
	SGNoChanges:              {"Inga ändringsbegäranden.", "No change requests."},
	SGChangeAsked:            {"Begärt", "Asked for"},
	SGRequested:              {"Begärd", "Requested"},
	SGApproveChange:          {"Godkänn ändringen", "Approve the change"},
	SGRefuseChange:           {"Avslå ändringen", "Refuse the change"},
	SGApplicationLink:        {"Ansökan och dess logg", "The application and its log"},
	SGErrorSummary:           {"Det gick inte att spara. Rätta följande:", "It could not be saved. Please correct the following:"},
	SGYes:                    {"ja", "yes"},
	SGGrantsLink:             {"Bidrag att följa upp", "Grants to follow up"},
	SGDecisionStartHint:      {"Tomt: första dagen i månaden efter beslutet.", "Empty: the first day of the month after the decision."},
	SGDecisionDeadlineHint:   {"Tomt: {days} dagar efter projektårets sista dag.", "Empty: {days} days after the project year's last day."},
	SGGrantPlan:              {"Bidragets start och rapporter", "The grant's start and reports"},
	AuditGrantStartedText:    {"Bidraget startade: {amount}, från {date}", "The grant started: {amount}, from {date}"},
	AuditReportSubmittedText: {"Rapport för projektår {year} inskickad", "Report for project year {year} submitted"},
	AuditReportReturnedText:  {"Rapport för projektår {year} tillbakaskickad", "Report for project year {year} returned"},
	AuditReportApprovedText:  {"Rapport för projektår {year} godkänd; ersättning {amount}", "Report for project year {year} approved; reimbursement {amount}"},
	AuditChangeRequestedText: {"Ändringsbegäran: {kind}", "Change requested: {kind}"},
	AuditChangeDecidedText:   {"Ändringsbegäran ({kind}): {state}", "Change request ({kind}): {state}"},
	FieldReportTotal:         {"Redovisade kostnader totalt (kr)", "Reported costs in total (SEK)"},
	FieldReportComments:      {"Kommentarer till bidragsmottagaren", "Comments to the grantee"},
	FieldChangeKind:          {"Vad ska ändras", "What to change"},
	FieldChangeReason:        {"Skäl till ändringen", "Reason for the change"},
	FieldProjectYear:         {"Projektår", "Project year"},
	FieldNewLastDay:          {"Ny sista dag för rapporten", "New last day of the report"},
	FieldMoveFrom:            {"Från budgetrad", "From budget line"},
	FieldMoveTo:              {"Till budgetrad", "To budget line"},
	FieldMoveAmount:          {"Belopp att flytta (kr)", "Amount to move (SEK)"},
	FieldChangeMotivation:    {"Motivering", "Motivation"},
	DocAuditCertificate:      {"Revisorsintyg", "Audit certificate"},
	DocSignedApproval:        {"Undertecknat godkännande av rapporten", "Signed approval of the report"},
	DocAccountsWorkbook:      {"Ekonomisk redovisning på programmets Excelmall", "Accounts on the programme's Excel template"},
	GrantRunning:             {"Pågående", "Running"},
	GrantCompleted:           {"Avslutat", "Completed"},
	ReportNotStarted:         {"Inte påbörjad", "Not started"},
	ReportDraft:              {"Utkast", "Draft"},
	ReportSubmitted:          {"Inskickad", "Submitted"},
	ReportReturned:           {"Återsänd för komplettering", "Returned for changes"},
	ReportApproved:           {"Godkänd", "Approved"},
	ChangeExtension:          {"Senare sista dag för en årsrapport", "A later last day for a year's report"},
	ChangeMove:               {"Flytt mellan budgetrader", "A move between budget lines"},
	ChangeTeam:               {"Ändring i teamet", "A change in the team"},
	ChangePending:            {"Väntar på beslut", "Awaiting a decision"},
	ChangeApproved:           {"Godkänd", "Approved"},
	ChangeRefused:            {"Avslagen", "Refused"},
	ReminderDue:              {"{ref}: rapporten för år {year} ska vara inne senast {date}", "{ref}: the report for year {year} is due by {date}"},
	ReminderOverdue:          {"{ref}: rapporten för år {year} skulle ha varit inne senast {date}", "{ref}: the report for year {year} was due by {date}"},
	ReminderLeadDue:          {"Det här är en påminnelse: rapporten för projektår {year} ska vara inne senast {date}.", "This is a reminder: the report for project year {year} is due by {date}."},
	ReminderLeadOverdue:      {"Rapporten för projektår {year} skulle ha varit inne senast {date}, och vi har inte fått den.", "The report for project year {year} was due by {date}, and we have not received it."},
	ReminderWeeksLate:        {"Den är nu {weeks} {weeks|vecka|veckor} försenad.", "It is now {weeks} {weeks|week|weeks} overdue."},
	ReminderSubmitSoon:       {"Lämna den så snart som möjligt: årets kostnader ersätts först när rapporten är godkänd.", "Please submit it as soon as you can: the year's costs are reimbursed only once its report is approved."},
	ReminderIncludes:         {"Rapporten ska innehålla:", "The report must include:"},
	ReminderNarrative:        {"En berättelse om året: vad som gjordes, vilka resultat det gav och vad som avvek från planen", "A narrative of the year: what was done, its results and what departed from the plan"},
	ReminderAccounts:         {"Ekonomisk redovisning per rad i budgeten som beslutet godkände", "The accounts, per line of the budget approved in the decision"},
	ReminderWhere:            {"Rapporten skrivs och skickas in på projektets sida, som ni öppnar med länken i beslutsmejlet. Länken är personlig och vi sparar den inte, så den kan inte följa med en påminnelse. Har ni tappat bort beslutsmejlet? Svara på det här mejlet.", "The report is written and submitted on the grant's page, which you open with the link in the decision email. The link is personal and we do not keep it, so a reminder cannot carry it. Lost the decision email? Reply to this email."},
	ReminderSite:             {"Webbplats", "Website"},
	ReminderAlreadyIn:        {"Har ni skickat in rapporten nyligen kan ni bortse från det här mejlet.", "If you have submitted the report recently, please disregard this email."},
	MailKindReminder:         {"påminnelse om rapport", "report reminder"},
	AuditReminderQueued:      {"Påminnelse om rapporten för år {year} köad", "Reminder of the report for year {year} queued"},
	ActorReminderJob:         {"Påminnelsejobbet", "The reminder job"},
	DecisionYears:            {"Projektår och rapporter", "Project years and reports"},
	DecisionYearLine:         {"År {n}: {amount}, rapporten senast {date}", "Year {n}: {amount}, report due by {date}"},
	DecisionGrantLink:        {"Följ upp projektet på dess sida: rapporter, ersättningar och ändringar. Länken är personlig; spara det här mejlet.", "Follow up the grant on its page: reports, reimbursements and change requests. The link is personal: keep this email."},

	GranteeTitle:                   {"Ert beviljade projekt", "Your grant"},
	GranteeNotFound:                {"Vi hittar inget beviljat projekt med den länken. Kontrollera att hela länken från beslutsmejlet kom med.", "We cannot find a grant with that link. Check that the whole link from the decision email was included."},
	GranteeChangedMeanwhile:        {"Projektet ändrades i ett annat fönster medan du arbetade. Ladda om sidan och gör om det du gjorde.", "The grant was changed in another window while you worked. Reload the page and do it again."},
	GranteeProblemTitle:            {"Det gick inte", "That could not be done"},
	GranteeBack:                    {"Tillbaka till projektet", "Back to the grant"},
	GranteePaid:                    {"Ersatt hittills", "Reimbursed so far"},
	GranteeRemaining:               {"Återstår av det beviljade", "Remaining of the grant"},
	GranteeUnused:                  {"Inte utnyttjat", "Unused"},
	GranteeNextDue:                 {"Nästa rapport: projektår {year}, senast {date}.", "Next report: project year {year}, due by {date}."},
	GranteeNothingDue:              {"Alla rapporter är inskickade.", "Every report is in."},
	GranteeYearsTitle:              {"Projektår och rapporter", "Project years and reports"},
	GranteePeriod:                  {"Period", "Period"},
	GranteeReportDue:               {"Sista dag för rapporten", "Report due by"},
	GranteeReportState:             {"Rapport", "Report"},
	GranteeReimbursed:              {"Ersatt", "Reimbursed"},
	GranteeReportPage:              {"Rapportsida", "Report page"},
	GranteeWriteReport:             {"Skriv rapporten för år {n}", "Write the report for year {n}"},
	GranteeOpenReport:              {"Öppna rapporten för år {n}", "Open the report for year {n}"},
	GranteeYearStarts:              {"Året börjar {date}.", "The year starts on {date}."},
	GranteeYearOption:              {"År {n} ({period})", "Year {n} ({period})"},
	GranteeChangesTitle:            {"Ändringar", "Change requests"},
	GranteeNoChanges:               {"Inga ändringar är begärda.", "No changes have been requested."},
	GranteeChangeWhat:              {"Vad", "What"},
	GranteeChangeRequestedAt:       {"Begärd", "Requested on"},
	GranteeChangeStaffMotivation:   {"Handläggarens motivering", "Staff's motivation"},
	GranteeChangeExtensionText:     {"År {year}: ny sista dag för rapporten {date}", "Year {year}: the report's new last day {date}"},
	GranteeChangeMoveText:          {"År {year}: {amount} från {from} till {to}", "Year {year}: {amount} from {from} to {to}"},
	GranteeChangeTeamText:          {"Ett nytt team med {n} {n|person|personer}", "A new team of {n} {n|person|people}"},
	GranteeChangeFormTitle:         {"Begär en ändring", "Request a change"},
	GranteeChangeFormIntro:         {"Ni kan begära en senare sista dag för en årsrapport, eller att flytta pengar mellan budgetrader under ett år. Handläggaren beslutar och motiverar beslutet, som syns här. En ändring i teamet begär ni genom att svara på beslutsmejlet.", "You can ask for a later last day for a year's report, or to move money between budget lines within a year. Staff decide and give their reasons, shown here. To change the team, reply to the decision email."},
	GranteeChangeErrorSummary:      {"Begäran kunde inte skickas. Rätta följande:", "The request could not be sent. Please correct the following:"},
	GranteeChangeYearHint:          {"Året som ändringen gäller.", "The year the change concerns."},
	GranteeChangeExtensionFields:   {"För en senare sista dag", "For a later last day"},
	GranteeChangeMoveFields:        {"För en flytt mellan budgetrader", "For a move between budget lines"},
	GranteeChangeDateHint:          {"Till exempel 2028-09-30.", "For example 2028-09-30."},
	GranteeChangeReasonHint:        {"Varför behövs ändringen?", "Why is the change needed?"},
	GranteeChangeSubmit:            {"Skicka begäran", "Send the request"},
	GranteeChangeRequestedOK:       {"Begäran är skickad. Handläggaren beslutar om den.", "The request is sent. Staff will decide on it."},
	GranteeReportHeading:           {"Rapport för projektår {n}", "Report for project year {n}"},
	GranteeReportIntro:             {"Rapporten skrivs på engelska. Spara utkastet när ni vill; när rapporten är inskickad kan den inte ändras, om inte handläggaren skickar tillbaka den.", "The report is written in English. Save the draft whenever you like; once the report is submitted it cannot change, unless staff return it."},
	GranteeReportDocuments:         {"Dokument", "Documents"},
	GranteeReportUploadHint:        {"Filen går direkt till vår fillagring och kontrolleras, och sedan kommer du tillbaka hit. Spara först det du har skrivit i formuläret nedan: en uppladdning laddar om sidan.", "The file goes straight to our file storage and is checked, and then you come back here. Save what you typed in the form below first: an upload reloads the page."},
	GranteeReportDocRequired:       {"Krävs för att skicka in rapporten.", "Required to submit the report."},
	GranteeReportDocOptional:       {"Frivilligt.", "Optional."},
	GranteeReportNarrative:         {"Berättelse (på engelska)", "Narrative (in English)"},
	GranteeReportDeviationsHint:    {"Vad som avvek från planen och budgeten, och varför.", "What departed from the plan and the budget, and why."},
	GranteeReportSummaryHint:       {"Högst 600 tecken, på engelska. Publiceras i listan över beviljade projekt när rapporten är godkänd.", "At most 600 characters. Published in the list of granted projects once the report is approved."},
	GranteeReportAccounts:          {"Ekonomisk redovisning", "Accounts"},
	GranteeReportAccountsHint:      {"Årets kostnader per rad i den godkända budgeten, i hela kronor. Skriv 0 för en rad utan kostnader: alla rader och totalen krävs för att skicka in.", "The year's costs per line of the approved budget, in whole kronor. Enter 0 for a line without costs: every line and the total are needed to submit."},
	GranteeReportWorkbookNote:      {"Ni kan i stället fylla i programmets Excelmall och ladda upp den som ekonomisk redovisning ovan: då fylls raderna och totalen i här.", "You can instead fill in the programme's Excel template and upload it as the accounts above: it then fills in the lines and the total here."},
	GranteeReportTemplateLink:      {"Ladda ned Excelmallen för år {n}", "Download the Excel template for year {n}"},
	GranteeReportLineBudget:        {"Budget för året: {amount}", "Budget for the year: {amount}"},
	GranteeReportTotalHint:         {"Summan av raderna.", "The sum of the lines."},
	GranteeReportSubmitHint:        {"Skicka in när allt är ifyllt och dokumenten är uppladdade. Det som saknas listas, och utkastet sparas ändå.", "Submit once everything is filled in and the documents are uploaded. Whatever is missing is listed, and the draft is saved all the same."},
	GranteeReportSubmit:            {"Skicka in rapporten", "Submit the report"},
	GranteeReportDeviationsTitle:   {"Avvikelser mot budgeten (det som är sparat)", "Deviations from the budget (as saved)"},
	GranteeBudgetLineHeading:       {"Budgetrad", "Budget line"},
	GranteeDeviationBudget:         {"Budget", "Budget"},
	GranteeDeviationSpent:          {"Redovisat", "Spent"},
	GranteeDeviationDiff:           {"Skillnad", "Difference"},
	GranteeDeviationPercent:        {"Skillnad i procent", "Difference in per cent"},
	GranteeReportReturnedComments:  {"Handläggaren har skickat tillbaka rapporten med dessa kommentarer", "Staff returned the report with these comments"},
	GranteeReportApprovedNote:      {"Rapporten är godkänd. Ersatt för året: {amount}.", "The report is approved. Reimbursed for the year: {amount}."},
	GranteeReportNotSaved:          {"Rapporten är inte sparad. Rätta följande:", "The report is not saved. Please correct the following:"},
	GranteeReportSavedNotSubmitted: {"Rapporten är sparad som utkast men inte inskickad. Det här saknas eller behöver rättas:", "The report is saved as a draft but not submitted. This is missing or needs correcting:"},
	GranteeReportSavedOK:           {"Utkastet är sparat.", "The draft is saved."},
	GranteeReportSubmittedOK:       {"Rapporten är inskickad och låst. Handläggaren granskar den.", "The report is submitted and locked. Staff will review it."},
	GranteeReportImportedOK:        {"Arbetsboken är uppladdad och inläst: {n} {n|rad|rader}, totalt {total}. Kontrollera beloppen nedan och skicka in när allt är klart.", "The workbook is uploaded and read: {n} {n|line|lines}, {total} in total. Check the amounts below and submit when everything is ready."},
	GranteeUploadFile:              {"ladda upp filen.", "upload the file."},
	NotReviewer:                    {"Kontot hör inte till granskargruppen.", "The account is not in the reviewer group."},
	NotReviewerHint:                {"Logga ut och logga in med ett granskarkonto, eller be programmets handläggare om behörighet som granskare.", "Sign out and sign in with a reviewer account, or ask the programme's staff for access as a reviewer."},
}
