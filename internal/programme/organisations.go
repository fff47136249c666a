package programme

import (
	_ "embed"
	"strings"
	"sync"
)

//go:embed swedish_organisations.tsv
var organisationsTSV string

// Organisation is a Swedish municipality or region that may apply.
type Organisation struct {
	County string // län
	Kind   string // "kommun" or "region"
	Name   string
}

// SwedishOrganisations lists the municipalities and regions, grouped by county
// in the order of the data file. Parsed on first use, not at start: most
// functions never need it, and a cold start should not pay for it.
var SwedishOrganisations = sync.OnceValue(func() []Organisation { return parseOrganisations(organisationsTSV) })

var organisationSet = sync.OnceValue(func() map[string]bool {
	all := SwedishOrganisations()
	m := make(map[string]bool, len(all))
	for _, o := range all {
		m[o.Name] = true
	}
	return m
})

// IsSwedishOrganisation says whether name is on the list, exactly as written there.
func IsSwedishOrganisation(name string) bool { return organisationSet()[name] }

func parseOrganisations(tsv string) []Organisation {
	var out []Organisation
	for _, line := range strings.Split(tsv, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			panic("programme: bad line in swedish_organisations.tsv: " + line)
		}
		out = append(out, Organisation{County: f[0], Kind: f[1], Name: f[2]})
	}
	return out
}
