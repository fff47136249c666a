package mail

import (
	"fmt"
	"strconv"

	"partnerskap/internal/i18n"
	"partnerskap/internal/programme"
)

// SummaryData is the staff's account of a closed round.
type SummaryData struct {
	Round programme.Round
	Stats *programme.CloseStats
}

// CloseSummary renders the staff summary of a closed round (text, both
// languages: staff read either).
func CloseSummary(to string, d SummaryData) (Message, error) {
	r, st := d.Round, d.Stats
	sek := func(n int64) string { return programme.FormatSEK(n, programme.Swedish) }
	ratio := "–"
	if r.Budget > 0 {
		ratio = fmt.Sprintf("%.0f %%", 100*float64(st.RequestedTotal)/float64(r.Budget))
	}
	var t text
	t.para(i18n.SummaryClosed.Format(programme.Swedish, i18n.Args{"round": r.NameSv, "id": r.ID}) + " / " +
		i18n.SummaryClosed.Format(programme.English, i18n.Args{"round": r.NameEn, "id": r.ID}))
	t.para(i18n.SummaryApplications.Both(nil)+": "+strconv.Itoa(st.Applications),
		i18n.SummaryRequested.Both(nil)+": "+sek(st.RequestedTotal),
		i18n.SummaryBudget.Both(nil)+": "+sek(r.Budget)+" ("+i18n.SummaryOfBudget.Both(i18n.Args{"ratio": ratio})+")")
	breakdown := func(title i18n.Key, counts []programme.Count, label func(string) string) {
		lines := []string{title.Both(nil) + ":"}
		for _, c := range counts {
			lines = append(lines, "  "+label(c.Key)+": "+strconv.Itoa(c.N))
		}
		t.para(lines...)
	}
	breakdown(i18n.SummaryByType, programme.Sorted(st.ByType), func(k string) string {
		return both(programme.TypeName(programme.ProjectType(k), programme.Swedish), programme.TypeName(programme.ProjectType(k), programme.English))
	})
	breakdown(i18n.SummaryByTheme, programme.Sorted(st.ByTheme), func(k string) string {
		return both(programme.ThemeName(programme.Theme(k), programme.Swedish), programme.ThemeName(programme.Theme(k), programme.English))
	})
	breakdown(i18n.SummaryByCountry, programme.Sorted(st.ByCountry), func(code string) string {
		if c, ok := r.Rules.Country(code); ok {
			return both(c.Name(programme.Swedish), c.Name(programme.English))
		}
		return code // not one of the round's countries: shown as it is
	})
	t.para(i18n.SummaryAllInReview.Both(nil))
	subject := i18n.SummarySubject.Format(programme.Swedish, i18n.Args{"round": r.NameSv, "n": strconv.Itoa(st.Applications)}) + " / " +
		i18n.SummarySubject.Format(programme.English, i18n.Args{"round": r.NameEn, "n": strconv.Itoa(st.Applications)})
	return Message{To: []string{to}, Subject: subject, Text: t.String()}, nil
}

// both is "sv / en", or one of them when they are the same.
func both(sv, en string) string {
	if sv == en {
		return sv
	}
	return sv + " / " + en
}
