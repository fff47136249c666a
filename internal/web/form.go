package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
)

// FormPage is the application form, filled with what was typed: the open
// round's form, a choice when several are open, or when none is, when the
// next one opens.
type FormPage struct {
	Page
	Round     *programme.Round // nil: no form, only Choices or Next
	RoundName string
	Deadline  string
	Choices   []RoundChoice
	Next      *NextRound
	Token     string
	// Proof is the link's token (the form is behind it); "" shows the
	// start: the address first. ProvenEmail is the address it proved.
	Proof       string
	ProvenEmail string
	// LinkFailed: the page answers a link that does not open the form.
	LinkFailed bool
	// Saved says when the draft was saved (after "Save draft").
	Saved string
	// Closed: the round takes no submissions now; the page says so (Notice)
	// and has no form to submit, only what was typed, as text (Answers).
	Closed bool
	Values map[string]string
	Errors []fieldIssue
	Notice string
	Caps   []CapRow
	// HasThreeParty: the round offers a three-party type, so the EU partner fieldset shows.
	HasThreeParty bool
	// Appendices are the round's appendices and what is uploaded behind
	// the link (documents.templ's checklist).
	Appendices []AppendixRow
}

// AppendixRow is one appendix in the form's checklist.
type AppendixRow struct {
	ID, Name, Rule, Problem string
	Doc                     *DocView
}

// setDocuments fills the checklist from the round's appendices and the
// documents behind the link (after the page's Errors are set).
func (p *FormPage) setDocuments(docs []programme.Document) {
	p.Appendices = nil
	for _, a := range p.Round.Rules.Appendices() {
		field := "documents." + string(a.Kind)
		row := AppendixRow{ID: fieldID(field), Name: programme.DocumentName(a.Kind, p.Lang), Rule: appendixRule(a, p.Lang),
			Problem: p.Err(field)}
		for _, d := range docs {
			if d.Kind == a.Kind {
				v := docView(d, p.Lang, "")
				row.Doc = &v
			}
		}
		p.Appendices = append(p.Appendices, row)
	}
}

// RoundChoice is an open round to choose.
type RoundChoice struct{ Name, Deadline, URL string }

// NextRound is the round that opens next.
type NextRound struct{ Name, Opens string }

// CapRow is a project type's caps, in Europe and elsewhere.
type CapRow struct{ Type, Europe, Other string }

// InputKind is how a field is typed in.
type InputKind string

const (
	TextInput   InputKind = "text"
	EmailInput  InputKind = "email"
	PhoneInput  InputKind = "tel"
	TextArea    InputKind = "textarea"
	AmountInput InputKind = "amount" // whole kronor, a text input with a numeric keyboard
	DateInput   InputKind = "date"   // a day (YYYY-MM-DD), the browser's date picker
)

// Field is one question of the form as the template asks it.
type Field struct {
	Name         string    // the form field, e.g. "partner.email"
	Kind         InputKind // for Input; Select and Radios ignore it
	Autocomplete string    // the autocomplete token, if any
	Hint         i18n.Key  // zero: no hint
	Optional     bool
}

// FieldView is a field ready to render: its id, label, hint, what was
// typed and its error.
type FieldView struct {
	Name, ID, Label, Hint, Error, Value string
	Kind                                InputKind
	Autocomplete                        string
	Optional                            bool
	OptionalText, ChooseText            string
	InputLang                           string        // the language the value is written in, if known (a textarea's lang)
	Groups                              []OptionGroup // a select's options, in groups
	Options                             []Option      // a radio group's
}

// OptionGroup is a select's group of options; no Label: options without a group.
type OptionGroup struct {
	Label   string
	Options []Option
}

// Described is the aria-describedby of the field: its hint and its error.
func (f FieldView) Described() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
	}
	return strings.Join(ids, " ")
}

// OptionID is the id of a radio group's option i: the field's own id for
// the first (where a link to the field leads), the field's id and the value
// for the others.
func (f FieldView) OptionID(i int, o Option) string {
	if i == 0 {
		return f.ID
	}
	return f.ID + "-" + o.Value
}

// InputType is the input's type attribute.
func (f FieldView) InputType() string {
	if f.Kind == AmountInput {
		return string(TextInput)
	}
	return string(f.Kind)
}

// Err is the message of the first error on field, if any.
func (p *FormPage) Err(field string) string { return issueFor(p.Errors, field) }

// issueFor is the message of the first issue on field, "" if none.
func issueFor(errs []fieldIssue, field string) string {
	for _, e := range errs {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

func (p *FormPage) view(f Field) FieldView {
	v := FieldView{Name: f.Name, ID: fieldID(f.Name), Label: programme.FieldLabel(f.Name, p.Lang), Value: p.Values[f.Name],
		Error: p.Err(f.Name), Kind: f.Kind, Autocomplete: f.Autocomplete, Optional: f.Optional,
		OptionalText: p.T(i18n.Optional), ChooseText: p.T(i18n.Choose)}
	if f.Hint != 0 {
		v.Hint = p.T(f.Hint)
	}
	return v
}

// Input is a text, email, phone, amount or textarea field.
func (p *FormPage) Input(f Field) FieldView { return p.view(f) }

// Select is a drop-down whose options depend on the field.
func (p *FormPage) Select(f Field) FieldView {
	v := p.view(f)
	cur := v.Value
	switch f.Name {
	case "swedishParty.organisation":
		var g *OptionGroup
		for _, o := range programme.SwedishOrganisations() {
			if g == nil || g.Label != o.County {
				v.Groups = append(v.Groups, OptionGroup{Label: o.County})
				g = &v.Groups[len(v.Groups)-1]
			}
			g.Options = append(g.Options, Option{Value: o.Name, Label: o.Name, Selected: o.Name == cur})
		}
	case "partner.country", "thirdParty.country":
		list := p.Round.Rules.Countries
		if f.Name == "thirdParty.country" {
			list = p.Round.Rules.EUCountries
		}
		g := OptionGroup{}
		for _, c := range list {
			g.Options = append(g.Options, Option{Value: c.Code, Label: c.Name(p.Lang), Selected: c.Code == cur})
		}
		v.Groups = []OptionGroup{g}
	case "durationYears":
		g := OptionGroup{}
		for y := 1; y <= p.Round.Rules.MaxYears(); y++ { // the years the round's types run
			n := strconv.Itoa(y)
			g.Options = append(g.Options, Option{Value: n, Label: n, Selected: n == cur})
		}
		v.Groups = []OptionGroup{g}
	}
	return v
}

// Radios is a choice among a few values.
func (p *FormPage) Radios(f Field) FieldView {
	v := p.view(f)
	cur := v.Value
	switch f.Name {
	case "type":
		for _, t := range p.Round.Rules.Types {
			v.Options = append(v.Options, Option{Value: string(t.Type), Label: programme.TypeName(t.Type, p.Lang), Selected: string(t.Type) == cur})
		}
	case "theme":
		for _, t := range p.Round.Rules.Themes {
			v.Options = append(v.Options, Option{Value: string(t), Label: programme.ThemeName(t, p.Lang), Selected: string(t) == cur})
		}
	case "lang":
		v.Label = p.T(i18n.LangLegend)
		if cur == "" {
			cur = string(p.Lang)
		}
		v.Options = []Option{
			{Value: string(programme.Swedish), Label: i18n.AutonymSwedish.In(p.Lang), Selected: cur == string(programme.Swedish)},
			{Value: string(programme.English), Label: i18n.AutonymEnglish.In(p.Lang), Selected: cur == string(programme.English)},
		}
	}
	return v
}

// BudgetYears are the budget fields of the years the round's types use,
// the first required (team.go).
func (p *FormPage) BudgetYears() []BudgetYear { return p.budgetYears() }

// newFormPage is the form's page; its language switch leads to the form's
// address, /, with query, from a POST too.
func newFormPage(lang programme.Lang, round *programme.Round, values map[string]string, query url.Values) *FormPage {
	p := &FormPage{Page: newPage(lang, i18n.FormTitle, nil), Round: round, Values: values}
	p.switchTo("/", query)
	if values == nil {
		p.Values = map[string]string{}
	}
	if round == nil {
		return p
	}
	p.RoundName = round.Name(lang)
	p.Deadline = programme.FormatTime(round.ClosesAt, lang)
	p.Token = p.Values["token"]
	if p.Token == "" || !programme.ValidToken(p.Token) {
		p.Token = programme.NewToken()
	}
	for _, t := range round.Rules.Types {
		p.HasThreeParty = p.HasThreeParty || t.ThreeParty
		unit := i18n.InTotal
		if t.PerYear {
			unit = i18n.PerYear
		}
		eu, _ := t.Cap(programme.Europe)
		af, _ := t.Cap(programme.Africa)
		p.Caps = append(p.Caps, CapRow{Type: programme.TypeName(t.Type, lang),
			Europe: unit.Format(lang, i18n.Args{"amount": programme.FormatSEK(eu, lang)}),
			Other:  unit.Format(lang, i18n.Args{"amount": programme.FormatSEK(af, lang)})})
	}
	return p
}

// StartHeading heads the start: asking for a new link after one failed.
func (p *FormPage) StartHeading() i18n.Key {
	if p.LinkFailed {
		return i18n.StartAgain
	}
	return i18n.StartTitle
}

// formOrder is the fields of the form in the order the page asks them
// (form.templ): the error summary lists the problems in this order.
var formOrder = func() []string {
	f := []string{"email", // the start's only field
		"swedishParty.organisation", "swedishParty.contactName", "swedishParty.email", "swedishParty.phone", "signatory.name", "signatory.email",
		"partner.organisation", "partner.country", "partner.contactName", "partner.email", "partner.phone",
		"thirdParty.organisation", "thirdParty.country", "thirdParty.contactName", "thirdParty.email", "thirdParty.phone",
		"type", "theme", "title", "summary", "objectives", "durationYears", "budgetPerYear"}
	for i := range programme.MaxProjectYears {
		f = append(f, programme.BudgetField(i))
	}
	f = append(f, teamFormOrder()...)
	f = append(f, "documents")
	for _, k := range programme.DocumentKinds {
		f = append(f, "documents."+string(k))
	}
	return append(f, "lang")
}()

// inFormOrder sorts problems in the order of the page's fields. Those of no
// field on the page (the link, the round) come first: they concern it all.
func inFormOrder(errs programme.FieldErrors) programme.FieldErrors {
	out := slices.Clone(errs)
	slices.SortStableFunc(out, func(a, b programme.FieldError) int {
		return slices.Index(formOrder, a.Field) - slices.Index(formOrder, b.Field)
	})
	return out
}

// Answer is one answer typed into the form, as text.
type Answer struct{ Label, Value string }

// Answers are what was typed into the form, in its order, each with its
// label and the names of what was chosen: to keep, when the form cannot
// be sent.
func (p *FormPage) Answers() []Answer {
	var out []Answer
	for _, f := range formOrder {
		v := strings.TrimSpace(p.Values[f])
		switch f {
		case "email":
			continue
		case "swedishParty.email":
			v = p.ProvenEmail
		case "partner.country":
			if c, ok := p.Round.Rules.Country(v); ok {
				v = c.Name(p.Lang)
			}
		case "thirdParty.country":
			if c, ok := p.Round.Rules.EUCountry(v); ok {
				v = c.Name(p.Lang)
			}
		case "type":
			if v != "" {
				v = programme.TypeName(programme.ProjectType(v), p.Lang)
			}
		case "theme":
			if v != "" {
				v = programme.ThemeName(programme.Theme(v), p.Lang)
			}
		case "lang":
			if v != "" {
				v = programme.LangName(programme.ParseLang(v), p.Lang)
			}
		}
		if v = answerValue(f, v, p.Lang); v != "" {
			out = append(out, Answer{Label: programme.FieldLabel(f, p.Lang), Value: v})
		}
	}
	return out
}
