// Package i18n is the catalogue: every Swedish and English text a person
// reads in the programme's pages, emails, exports and error messages, each
// under one key. Keys are typed constants (catalogue.go), so a key that does
// not exist does not compile; TestCatalogue checks that every key has both
// languages, the same placeholders in both, and is used somewhere.
//
// Placeholders have one style, {name}: Format fills them from Args. A value
// is formatted by the caller (an amount with programme.FormatSEK, an instant
// with programme.FormatTime) before it is passed. A word that depends on a
// count is written {name|one|other}: "one" when the value of name is 1,
// "other" for any other value (both languages put the singular only with
// exactly one: "1 ansökan", "0 ansökningar", "2 applications"), so
// "{n} {n|ansökan|ansökningar}" says "1 ansökan" and "3 ansökningar".
//
// The package imports nothing of the project, so that every package, down to
// programme, can use it.
package i18n

import "strings"

// Lang is a reader's language: Swedish (the default) or English.
type Lang string

const (
	Swedish Lang = "sv"
	English Lang = "en"
)

// Langs are the catalogue's languages.
var Langs = [...]Lang{Swedish, English}

// ParseLang returns the language named by s, Swedish for anything unknown.
func ParseLang(s string) Lang {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), "en") {
		return English
	}
	return Swedish
}

// Other is the language that is not lang: where the language switch leads.
func (lang Lang) Other() Lang {
	if lang == English {
		return Swedish
	}
	return English
}

// Key names one text of the catalogue.
type Key uint16

// In is the text of k in lang (Swedish for an unknown language).
func (k Key) In(lang Lang) string {
	if int(k) >= len(catalogue) {
		return ""
	}
	if lang == English {
		return catalogue[k].en
	}
	return catalogue[k].sv
}

// Args are the values of a text's placeholders, by name: Args{"n": "3"}
// fills {n}.
type Args map[string]string

// Format is the text of k in lang with each {name} replaced by args[name].
// A placeholder without a value is left as it is, so that it shows.
func (k Key) Format(lang Lang, args Args) string {
	return fill(k.In(lang), args)
}

// Both is the text in Swedish and English, "sv / en" (once if both say the
// same), for a reader whose language is not known: the staff summary, an
// internal error.
func (k Key) Both(args Args) string {
	sv, en := k.Format(Swedish, args), k.Format(English, args)
	if sv == en {
		return sv
	}
	return sv + " / " + en
}

func fill(s string, args Args) string {
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		name, forms, plural := strings.Cut(s[i+1:i+j], "|")
		v, ok := args[name]
		switch {
		case plural:
			// {name|one|other}: the form for the count; without a value,
			// the form for many (the number's own {name} shows it is missing).
			one, other, _ := strings.Cut(forms, "|")
			v = other
			if ok && strings.TrimSpace(args[name]) == "1" {
				v = one
			}
		case !ok:
			v = s[i : i+j+1]
		}
		b.WriteString(s[:i])
		b.WriteString(v)
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return b.String()
}

// placeholders lists the {name}s of s, in order (a plural's name too).
func placeholders(s string) []string {
	var out []string
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return out
		}
		name, _, _ := strings.Cut(s[i+1:i+j], "|") // {name|one|other} is name's too
		out = append(out, name)
		s = s[i+j+1:]
	}
}

type text struct{ sv, en string }
