package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"partnerskap/internal/programme"
)

//go:embed templates/*.html
var templateFS embed.FS

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"fieldID": fieldID,
	"sek":     func(lang programme.Lang, n int64) string { return programme.FormatSEK(n, lang) },
	"when":    func(lang programme.Lang, t time.Time) string { return programme.FormatTime(t, lang) },
	"statusName": func(lang programme.Lang, s any) string {
		return programme.StatusName(programme.AppStatus(fmt.Sprint(s)), lang)
	},
}).ParseFS(templateFS, "templates/*.html"))

// fieldID is the HTML id of a field: "partner.email" -> "f-partner-email".
func fieldID(field string) string { return "f-" + strings.ReplaceAll(field, ".", "-") }

type page struct {
	Lang      programme.Lang
	OtherLang programme.Lang
	T         map[string]string
	Title     string
	SwitchURL string
	Message   string
}

func newPage(lang programme.Lang, titleKey string, switchQuery url.Values) page {
	q := url.Values{}
	for k, v := range switchQuery {
		q[k] = v
	}
	q.Set("lang", string(other(lang)))
	return page{Lang: lang, OtherLang: other(lang), T: words(lang), Title: words(lang)[titleKey], SwitchURL: "?" + q.Encode()}
}

func render(status int, name string, data any) (int, string) {
	var b bytes.Buffer
	if err := pages.ExecuteTemplate(&b, name, data); err != nil {
		return 500, "template " + name + ": " + template.HTMLEscapeString(err.Error())
	}
	return status, b.String()
}

func htmlPage(status int, name string, data any) eventsResponse {
	code, body := render(status, name, data)
	r := respond(code, "text/html; charset=utf-8", body)
	r.Headers["Cache-Control"] = "no-store"
	return r
}

func messagePage(status int, lang programme.Lang, titleKey, message string) eventsResponse {
	p := newPage(lang, titleKey, nil)
	p.Message = message
	return htmlPage(status, "message", p)
}

// formPage is the application form, filled with what was typed.
type formPage struct {
	page
	Round     *programme.Round
	RoundName string
	Deadline  string
	Choices   []roundChoice
	Next      *nextRound
	Token     string
	Values    map[string]string
	Errors    []fieldIssue
	Notice    string
	Caps      []capRow
	// HasThreeParty: the round offers a three-party type, so the EU partner fieldset shows.
	HasThreeParty bool
}

type roundChoice struct{ Name, Deadline, URL string }
type nextRound struct{ Name, Opens string }
type capRow struct{ Type, Europe, Other string }

type option struct {
	Value, Label string
	Selected     bool
}

type optionGroup struct {
	Label   string
	Options []option
}

type fieldView struct {
	Name, ID, Label, Type, Class, Autocomplete, Hint, Error, Value string
	Optional                                                       bool
	OptionalText, ChooseText                                       string
	Groups                                                         []optionGroup
}

// Described is the aria-describedby of the field: its hint and its error.
func (f fieldView) Described() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
	}
	return strings.Join(ids, " ")
}

// Err is the message of the first error on field, if any.
func (p *formPage) Err(field string) string {
	for _, e := range p.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

func (p *formPage) field(name string, optional bool) fieldView {
	return fieldView{Name: name, ID: fieldID(name), Label: programme.FieldLabel(name, p.Lang), Value: p.Values[name],
		Error: p.Err(name), Optional: optional, OptionalText: p.T["optional"], ChooseText: p.T["choose"]}
}

// Input is a text, email, tel or textarea field.
func (p *formPage) Input(name, typ, hintKey, autocomplete string, optional bool) fieldView {
	f := p.field(name, optional)
	f.Type, f.Autocomplete = typ, autocomplete
	if hintKey != "" {
		f.Hint = p.T[hintKey]
	}
	return f
}

// Amount is a budget field.
func (p *formPage) Amount(name string, optional bool) fieldView {
	f := p.field(name, optional)
	f.Type, f.Class = "text", "amount"
	return f
}

// Select is a drop-down whose options depend on the field.
func (p *formPage) Select(name, hintKey string, optional bool) fieldView {
	f := p.field(name, optional)
	if hintKey != "" {
		f.Hint = p.T[hintKey]
	}
	cur := p.Values[name]
	switch name {
	case "swedishParty.organisation":
		var g *optionGroup
		for _, o := range programme.SwedishOrganisations {
			if g == nil || g.Label != o.County {
				f.Groups = append(f.Groups, optionGroup{Label: o.County})
				g = &f.Groups[len(f.Groups)-1]
			}
			g.Options = append(g.Options, option{o.Name, o.Name, o.Name == cur})
		}
	case "partner.country", "thirdParty.country":
		list := p.Round.Rules.Countries
		if name == "thirdParty.country" {
			list = p.Round.Rules.EUCountries
		}
		g := optionGroup{}
		for _, c := range list {
			g.Options = append(g.Options, option{c.Code, c.Name(p.Lang), c.Code == cur})
		}
		f.Groups = []optionGroup{g}
	case "durationYears":
		g := optionGroup{}
		for y := 1; y <= 3; y++ {
			v := strconv.Itoa(y)
			g.Options = append(g.Options, option{v, v, v == cur})
		}
		f.Groups = []optionGroup{g}
	}
	return f
}

// Radios is a choice among a few values.
func (p *formPage) Radios(name string) fieldView {
	f := p.field(name, false)
	cur := p.Values[name]
	g := optionGroup{}
	switch name {
	case "type":
		for _, t := range p.Round.Rules.Types {
			g.Options = append(g.Options, option{string(t.Type), programme.TypeName(t.Type, p.Lang), string(t.Type) == cur})
		}
	case "theme":
		for _, t := range p.Round.Rules.Themes {
			g.Options = append(g.Options, option{string(t), programme.ThemeName(t, p.Lang), string(t) == cur})
		}
	case "lang":
		f.Label = p.T["langLegend"]
		if cur == "" {
			cur = string(p.Lang)
		}
		g.Options = []option{{"sv", "Svenska", cur == "sv"}, {"en", "English", cur == "en"}}
	}
	f.Groups = []optionGroup{g}
	return f
}

func newFormPage(lang programme.Lang, round *programme.Round, values map[string]string, query url.Values) *formPage {
	p := &formPage{page: newPage(lang, "formTitle", query), Round: round, Values: values}
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
		unit := p.T["total"]
		if t.PerYear {
			unit = p.T["perYear"]
		}
		eu, _ := t.Cap(programme.Europe)
		af, _ := t.Cap(programme.Africa)
		p.Caps = append(p.Caps, capRow{programme.TypeName(t.Type, lang),
			fmt.Sprintf("%s %s", programme.FormatSEK(eu, lang), unit), fmt.Sprintf("%s %s", programme.FormatSEK(af, lang), unit)})
	}
	return p
}
