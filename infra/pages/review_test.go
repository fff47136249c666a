package pages

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"partnerskap/infra/browser"
	"partnerskap/infra/stack/stacktest"
	"partnerskap/internal/programme"
)

// reviewCriteria are round 2027-1's criteria, in the order of the sheet.
var reviewCriteria = []string{"relevance", "feasibility", "anchoring", "planning-tool", "team", "budget"}

// TestReviewInABrowser: the review before the decision (issue 13), keyboard
// only, in real Chromium against the whole stack. Four applications of
// round 2027-1 from four Swedish organisations (A Kalix, B Umeå, C Region
// Västernorrland, D Robertsfors), the round closed by the round job. The
// first reviewer signs in and declares a conflict with C's organisation
// (first misspelled: the error summary leads to the field); the second
// declares none. Staff open the decision meeting from the round's page and
// assign the reviewers (C is short of one: the page says so). The first
// reviewer opens A: the conflict question before any content, answered no;
// submits the sheet with a criterion not scored (the error summary, in
// focus, leads to its radio group), scores it with the arrow keys and
// submits: locked. Then B, scored the same way; then D, where they declare
// a conflict and it leaves their list. Staff see A and B ranked first, the
// assessments of A, grant A and B in one batch (ticked with Space) within
// the budget, and filter the meeting by country. axe-core at 1280 and 320
// px and reflow at 320 px on every state, each photographed. With
// JavaScript off: these pages have no script at all, so a run with it on
// would repeat this one (the grants' and the documents' tests, whose pages
// have one, run both).
func TestReviewInABrowser(t *testing.T) {
	browser.Require(t)
	reviewInABrowser(t, false)
}

func reviewInABrowser(t *testing.T, js bool) {
	began := time.Now()
	s := newSystemAt(t, springDay)
	ctx := t.Context()
	var opts []browser.Option
	suffix := ""
	if !js {
		opts, suffix = append(opts, browser.NoScript()), "-nojs"
	}

	// The applications, submitted, and the round closed by its job.
	type app struct{ org, country, title, email, ref string }
	apps := map[string]*app{
		"A": {org: "Kalix", country: "KE", title: "Rent vatten i Kalix och Machakos"},
		"B": {org: "Umeå", country: "UG", title: "Skolmåltider i Umeå och Masaka"},
		"C": {org: "Region Västernorrland", country: "RS", title: "Vård på distans i Västernorrland och Niš"},
		"D": {org: "Robertsfors", country: "KE", title: "Avfall och återvinning i Robertsfors och Kisumu"},
	}
	keys := []string{"A", "B", "C", "D"}
	for _, k := range keys {
		a := apps[k]
		a.email = stacktest.UniqueName("review") + "@example.se"
		form := validForm(a.email, a.country, a.title)
		form.Set("swedishParty.organisation", a.org)
		res, body := s.do(t, "POST", "/applications", "application/x-www-form-urlencoded", s.proven(t, form).Encode())
		ref, _, _ := strings.Cut(strings.TrimPrefix(res.Header.Get("Location"), "/applications/"), "?")
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(ref, "KP-") {
			t.Fatalf("submit %s (%s): %d %s", k, a.org, res.StatusCode, body)
		}
		a.ref = ref
	}
	s.clock.Set(springCloses.Add(time.Second))
	if _, err := s.Fire(ctx, "RoundsFunction/CloseSpring"); err != nil {
		t.Fatal(err)
	}
	round, err := s.Env.Store.Round(ctx, "2027-1")
	if err != nil || round.Rules.Review == nil {
		t.Fatalf("round 2027-1: %v, review rule %v", err, round.Rules.Review)
	}
	rule := *round.Rules.Review
	if ids := func() (ids []string) {
		for _, c := range rule.Criteria {
			ids = append(ids, c.ID)
		}
		return ids
	}(); !slices.Equal(ids, reviewCriteria) || rule.ReviewersPerApplication != 2 {
		t.Fatalf("round 2027-1's review: criteria %v, %d reviewers; the test expects %v and 2", ids, rule.ReviewersPerApplication, reviewCriteria)
	}

	// focusIn: the focus is inside the element selector matches.
	k := keyboard{t}
	focusIn, typeInto, press, follow := k.focusIn, k.typeInto, k.press, k.follow
	// summaryLeadsTo: after a refused form the error summary has the focus,
	// its first link goes to #id, and Enter on it (then Tab, if the
	// fragment only moved the starting point) brings the focus to what
	// reached accepts. It returns that focus.
	summaryLeadsTo := func(p *browser.Page, what, id string, reached func(browser.Focus) bool) browser.Focus {
		t.Helper()
		if !focusIn(p, ".error-summary") {
			t.Errorf("%s: the focus is on %s, not on the error summary", what, p.Focused())
		}
		link := p.TabTo("the error summary's first link", func(x browser.Focus) bool { return x.Tag == "a" && strings.HasPrefix(x.Href, "#") }, 5)
		if link.Href != "#"+id {
			t.Errorf("%s: the summary's first link goes to %s, want #%s", what, link.Href, id)
		}
		// PressNative: Press's Enter would reach the field too, and submit
		// its form (see PressNative).
		p.PressNative("Enter")
		at := p.Focused()
		if !reached(at) {
			if at = p.Tab(); !reached(at) {
				t.Fatalf("%s: Enter on the summary's link, then Tab: focus on %s, want the field #%s", what, at, id)
			}
		}
		return at
	}
	// choose checks value in the radio group that has the focus (at), with
	// the arrow keys, as a person does: Tab has entered the group on its
	// checked button, or its first.
	choose := func(p *browser.Page, at browser.Focus, name, value string) {
		t.Helper()
		if !at.Visible || at.Ring == "" {
			t.Errorf("%s: the focus is not visible (WCAG 2.4.7): %+v", name, at)
		}
		for range 6 {
			if at.Value == value {
				break
			}
			p.Press("ArrowDown")
			at = p.Focused()
		}
		if at.Value == value && !at.Checked {
			p.Press("Space")
			at = p.Focused()
		}
		if !at.Is(name) || at.Value != value || !at.Checked {
			t.Fatalf("%s: the arrow keys did not check %q: focus on %+v", name, value, at)
		}
	}
	// scoreSheet answers the sheet from the back link down: each criterion
	// but skip scored with the arrow keys (Tab from group to group), the
	// comments given typed in.
	scoreSheet := func(p *browser.Page, scores, comments map[string]string, skip string) {
		t.Helper()
		p.TabTo("the back link", func(x browser.Focus) bool { return x.Tag == "a" && x.Label == "Till dina ansökningar" }, 10)
		for _, c := range reviewCriteria {
			if c == skip {
				continue
			}
			at := p.TabTo("score."+c, func(x browser.Focus) bool { return x.Is("score." + c) }, 4)
			choose(p, at, "score."+c, scores[c])
			if comments[c] != "" {
				typeInto(p, "comment."+c, comments[c], 2)
			}
		}
	}
	// queue is the references in the reviewer's list, and their statuses.
	queue := func(p *browser.Page) map[string]string {
		t.Helper()
		var rows [][]string
		p.Eval(`[...document.querySelectorAll("main tbody tr")].map(r => [r.querySelector("th").innerText.trim(), r.lastElementChild.innerText.trim()])`, &rows)
		out := map[string]string{}
		for _, r := range rows {
			out[r[0]] = r[1]
		}
		return out
	}
	// total is a sheet's weighted total as the pages write it.
	total := func(scores map[string]string) string {
		t.Helper()
		sheet := programme.ScoreSheet{Scores: map[string]int{}}
		for c, v := range scores {
			sheet.Scores[c], _ = strconv.Atoi(v)
		}
		tt, ok := rule.Total(sheet)
		if !ok {
			t.Fatalf("no total for %v", scores)
		}
		return tt.Format(programme.Swedish)
	}

	// The first reviewer: no application before the conflicts are declared.
	r1 := browser.Open(t, "about:blank", browser.Desktop, opts...)
	signIn(t, s, r1, "/staff/review", stacktest.ReviewerUser(s.Stack))
	if text := r1.Text(); !strings.Contains(text, "Bedömning av ansökningar") || !strings.Contains(text, "Jäv du anmäler i förväg") ||
		!strings.Contains(text, "Anmäl dina jäv ovan först") {
		t.Fatalf("the reviewer's page before declaring:\n%.2000s", text)
	}
	look(t, r1, "review-home"+suffix)
	// C's organisation, misspelled: refused, the summary leads to the field.
	typeInto(r1, "organisations", "Region Västernorland", 10)
	press(r1, "Spara mina jäv", 40)
	if text := r1.Text(); r1.Status != http.StatusUnprocessableEntity || !strings.Contains(text, "Det gick inte att spara. Rätta följande:") ||
		!strings.Contains(text, "Svenska organisationer") {
		t.Fatalf("an organisation not known: %d %s\n%.2000s", r1.Status, r1.URL(), text)
	}
	// The message names the field as its label does, not by its name in the form.
	var summary []string
	r1.Eval(`[...document.querySelectorAll(".error-summary a")].map(a => a.innerText.trim())`, &summary)
	if len(summary) != 1 || !strings.HasPrefix(summary[0], "Svenska organisationer") {
		t.Errorf("the error summary for an organisation not known says %q, want one message that starts with the field's label, Svenska organisationer", summary)
	}
	var typedOrg string
	r1.Eval(`document.getElementById("f-organisations").value`, &typedOrg)
	if typedOrg != "Region Västernorland" {
		t.Errorf("what was typed is not kept: %q", typedOrg)
	}
	var invalid bool
	r1.Eval(`document.getElementById("f-organisations").getAttribute("aria-invalid") === "true"`, &invalid)
	if !invalid {
		t.Error("the organisations field in error is not marked aria-invalid")
	}
	look(t, r1, "review-conflicts-error"+suffix)
	summaryLeadsTo(r1, "an organisation not known", "f-organisations", func(x browser.Focus) bool { return x.ID == "f-organisations" })
	r1.Eval(`document.activeElement.select()`, nil) // as Ctrl+A does
	r1.Type(apps["C"].org)
	press(r1, "Spara mina jäv", 40)
	if text := r1.Text(); r1.Status != http.StatusOK || !strings.Contains(text, "Dina jäv är sparade.") ||
		!strings.Contains(text, "Du har inga ansökningar att bedöma just nu.") {
		t.Fatalf("the conflicts declared: %d %s\n%.2000s", r1.Status, r1.URL(), text)
	}
	r1.Eval(`document.getElementById("f-organisations").value`, &typedOrg)
	if typedOrg != apps["C"].org {
		t.Errorf("the declared organisation shown after saving: %q, want %q", typedOrg, apps["C"].org)
	}
	look(t, r1, "review-conflicts-saved"+suffix)

	// The second reviewer: none.
	r2 := browser.Open(t, "about:blank", browser.Desktop, opts...)
	signIn(t, s, r2, "/staff/review", stacktest.SecondReviewerUser(s.Stack))
	press(r2, "Spara mina jäv", 40)
	if text := r2.Text(); r2.Status != http.StatusOK || !strings.Contains(text, "Dina jäv är sparade.") {
		t.Fatalf("the second reviewer declares none: %d %s\n%.2000s", r2.Status, r2.URL(), text)
	}

	// Staff: the round's page, the meeting, the assignment.
	st := browser.Open(t, "about:blank", browser.Desktop, opts...)
	signIn(t, s, st, "/staff/rounds/2027-1", stacktest.StaffUser(s.Stack))
	// The round's page links to its applications, which link to the meeting.
	follow(st, "Ansökningar", 40)
	follow(st, "Beslutsmöte", 40)
	if text := st.Text(); st.Status != http.StatusOK || !strings.Contains(text, "Beslutsmöte: Våren 2027") || !strings.Contains(text, "Ingen bedömning") ||
		!strings.Contains(text, apps["A"].ref) || !strings.Contains(text, apps["D"].ref) {
		t.Fatalf("the meeting before the assignment: %d %s\n%.3000s", st.Status, st.URL(), text)
	}
	look(t, st, "review-meeting"+suffix)
	press(st, "Tilldela granskare", 20)
	short := apps["C"].ref + " har 1 av 2 granskare: av 2 granskare har 1 anmält jäv mot ansökan."
	if text := st.Text(); st.Status != http.StatusOK || !strings.Contains(text, "Granskarna är tilldelade.") || !strings.Contains(text, short) {
		t.Fatalf("assigned: %d %s, want %q\n%.3000s", st.Status, st.URL(), short, text)
	}
	if !focusIn(st, ".error-summary") {
		t.Errorf("after the assignment the focus is on %s, not on the box that names the application short of reviewers", st.Focused())
	}
	if u := st.URL(); strings.Contains(u, "/assign") {
		t.Logf("after the assignment the browser is at %s: the answer to the POST, which a reload sends again", u)
	}
	look(t, st, "review-meeting-assigned"+suffix)

	// The first reviewer's list: A, B and D, not C.
	r1.Go(s.URL + "/staff/review")
	if q := queue(r1); len(q) != 3 || q[apps["A"].ref] != "Ny" || q[apps["B"].ref] != "Ny" || q[apps["D"].ref] != "Ny" {
		t.Fatalf("the first reviewer's list after the assignment: %v, want A %s, B %s and D %s new", q, apps["A"].ref, apps["B"].ref, apps["D"].ref)
	}
	look(t, r1, "review-queue"+suffix)
	if q := func() map[string]string { r2.Go(s.URL + "/staff/review"); return queue(r2) }(); len(q) != 4 {
		t.Errorf("the second reviewer's list: %v, want all four", q)
	}

	// A: the question first, no content; then the content and the sheet.
	a := apps["A"]
	follow(r1, a.ref, 40)
	if text := r1.Text(); r1.Status != http.StatusOK || !strings.Contains(text, "Har du jäv mot den här ansökan?") || !strings.Contains(text, a.title) ||
		strings.Contains(text, "Kommunerna utvecklar mödrahälsovård") || strings.Contains(text, "Din bedömning") {
		t.Fatalf("A before the answer: %d %s\n%.2000s", r1.Status, r1.URL(), text)
	}
	look(t, r1, "review-question"+suffix)
	press(r1, "Jag har inget jäv, visa ansökan", 20)
	if text := r1.Text(); r1.Status != http.StatusOK || !strings.Contains(text, "Kommunerna utvecklar mödrahälsovård") || !strings.Contains(text, "Din bedömning") ||
		strings.Contains(text, a.email) || strings.Contains(text, "mary@partner.example.org") || strings.Contains(text, "Har du jäv") {
		t.Fatalf("A after no conflict: %d %s\n%.3000s", r1.Status, r1.URL(), text)
	}
	look(t, r1, "review-sheet"+suffix)

	// Submitted with the team not scored: refused, kept, the summary leads there.
	scoresA := map[string]string{"relevance": "5", "feasibility": "4", "anchoring": "5", "planning-tool": "4", "team": "4", "budget": "3"}
	commentsA := map[string]string{"relevance": "Tydligt kopplat till programmets mål.", "budget": "Resorna är dyra."}
	scoreSheet(r1, scoresA, commentsA, "team")
	press(r1, "Skicka in bedömningen", 6)
	if text := r1.Text(); r1.Status != http.StatusUnprocessableEntity || !strings.Contains(text, "Det gick inte att spara. Rätta följande:") ||
		!strings.Contains(text, "Teamets sammansättning: välj ett betyg.") {
		t.Fatalf("a sheet without the team's score: %d %s\n%.3000s", r1.Status, r1.URL(), text)
	}
	var kept struct {
		Checked  map[string]string
		Relevant string
		Links    []string
	}
	r1.Eval(`({Checked: Object.fromEntries([...document.querySelectorAll("input[type=radio]:checked")].map(e => [e.name, e.value])),
		Relevant: document.getElementById("f-comment-relevance").value,
		Links: [...document.querySelectorAll(".error-summary a")].map(a => a.getAttribute("href"))})`, &kept)
	if len(kept.Checked) != 5 || kept.Checked["score.relevance"] != "5" || kept.Checked["score.budget"] != "3" || kept.Relevant != commentsA["relevance"] {
		t.Errorf("what was scored is not kept: %+v", kept)
	}
	if !slices.Equal(kept.Links, []string{"#f-score-team"}) {
		t.Errorf("the error summary links to %v, want only the team's radio group #f-score-team", kept.Links)
	}
	// The group in error says so to a screen reader entering it: its
	// description names the error message, as it names the guidance.
	var group struct{ Tag, DescribedBy string }
	r1.Eval(`(() => { const e = document.getElementById("f-score-team"); return {Tag: e ? e.localName : "", DescribedBy: e ? e.getAttribute("aria-describedby") || "" : ""} })()`, &group)
	if group.Tag != "fieldset" {
		t.Errorf("#f-score-team is a %q, want the team's fieldset", group.Tag)
	}
	if !slices.Contains(strings.Fields(group.DescribedBy), "f-score-team-error") {
		t.Errorf("the team's radio group in error (fieldset#f-score-team) has aria-describedby %q: its error message #f-score-team-error is not "+
			"part of its description, so a screen reader entering the group hears the guidance, not the error (WCAG 3.3.1, 1.3.1)", group.DescribedBy)
	}
	look(t, r1, "review-sheet-errors"+suffix)
	at := summaryLeadsTo(r1, "a sheet without the team's score", "f-score-team", func(x browser.Focus) bool { return x.Is("score.team") })
	choose(r1, at, "score.team", scoresA["team"])
	press(r1, "Skicka in bedömningen", 8)
	totalA := total(scoresA)
	if text := r1.Text(); r1.Status != http.StatusOK || !strings.Contains(text, "Bedömningen är inskickad och låst.") ||
		!strings.Contains(text, "Bedömningen är inskickad. Handläggarna kan öppna den igen") || !strings.Contains(text, "Viktad summa: "+totalA) ||
		!strings.Contains(text, commentsA["relevance"]) {
		t.Fatalf("A submitted: %d %s, want the total %s\n%.3000s", r1.Status, r1.URL(), totalA, text)
	}
	var controls int
	r1.Eval(`document.querySelectorAll("main textarea, main input:not([type=hidden]), main select").length`, &controls)
	if controls != 0 {
		t.Errorf("the submitted sheet still has %d form controls", controls)
	}
	look(t, r1, "review-sheet-submitted"+suffix)

	// B, the same way, at once complete.
	b := apps["B"]
	follow(r1, "Till dina ansökningar", 10)
	follow(r1, b.ref, 40)
	press(r1, "Jag har inget jäv, visa ansökan", 20)
	scoresB := map[string]string{"relevance": "3", "feasibility": "3", "anchoring": "2", "planning-tool": "3", "team": "1", "budget": "3"}
	scoreSheet(r1, scoresB, map[string]string{"anchoring": "Förankringen hos partnern är svag."}, "")
	press(r1, "Skicka in bedömningen", 6)
	totalB := total(scoresB)
	if text := r1.Text(); r1.Status != http.StatusOK || !strings.Contains(text, "Bedömningen är inskickad och låst.") || !strings.Contains(text, "Viktad summa: "+totalB) {
		t.Fatalf("B submitted: %d %s, want the total %s\n%.3000s", r1.Status, r1.URL(), totalB, text)
	}

	// D: a conflict declared on opening; it leaves the list.
	d := apps["D"]
	follow(r1, "Till dina ansökningar", 10)
	if q := queue(r1); q[a.ref] != "Inskickad" || q[b.ref] != "Inskickad" || q[d.ref] != "Ny" {
		t.Errorf("the list after two sheets: %v, want A and B submitted, D new", q)
	}
	follow(r1, d.ref, 40)
	press(r1, "Jag har jäv", 20)
	if text := r1.Text(); r1.Status != http.StatusOK || !strings.Contains(text, "Jävet är registrerat och ansökan är inte längre din att bedöma.") {
		t.Fatalf("a conflict with D: %d %s\n%.2000s", r1.Status, r1.URL(), text)
	}
	if q := queue(r1); len(q) != 2 || q[d.ref] != "" {
		t.Errorf("the list after the conflict with D: %v, want A and B only", q)
	}
	look(t, r1, "review-conflict-recorded"+suffix)
	log, err := s.Env.Store.ApplicationLog(ctx, d.ref)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(log, func(e programme.AuditEntry) bool { return e.Code == programme.AuditReviewConflict }) {
		t.Errorf("D's log has no conflict line: %+v", log)
	}
	r1.Go(s.URL + "/staff/review/" + d.ref)
	if text := r1.Text(); r1.Status != http.StatusNotFound || !strings.Contains(text, "Ansökan är inte tilldelad dig") {
		t.Errorf("D opened again after the conflict: %d\n%.1000s", r1.Status, text)
	}
	look(t, r1, "review-not-assigned"+suffix)

	// Staff: A and B ranked first; A's assessments.
	st.Go(s.URL + "/staff/rounds/2027-1/meeting")
	var rows [][]string
	st.Eval(`[...document.querySelectorAll("main tbody tr")].map(r => [...r.children].map(c => c.innerText.trim()))`, &rows)
	if len(rows) != 4 || rows[0][2] != a.ref || rows[1][2] != b.ref || rows[0][4] != totalA+" (1)" || rows[1][4] != totalB+" (1)" ||
		rows[2][4] != "Ingen bedömning" || rows[3][4] != "Ingen bedömning" {
		t.Errorf("the ranking: %q; want A (%s, %s) then B (%s, %s) first, then the two not assessed", rows, a.ref, totalA, b.ref, totalB)
	}
	look(t, st, "review-meeting-ranked"+suffix)
	// At 1280 px: how much of the ranking its region shows without scrolling.
	st.Resize(browser.Desktop)
	var region struct {
		Scroll, Client int
		Hidden         []string
	}
	st.Eval(`(() => { const w = document.querySelector("main .table-wrap"), r = w.getBoundingClientRect();
		return {Scroll: w.scrollWidth, Client: w.clientWidth,
			Hidden: [...w.querySelectorAll("thead th")].filter(th => th.getBoundingClientRect().right > r.right + 1).map(th => th.innerText.trim())} })()`, &region)
	t.Logf("the ranking at %d px: %d px wide in a region of %d px; columns not in view without scrolling the region: %q", st.Width, region.Scroll, region.Client, region.Hidden)
	follow(st, a.ref, 80)
	follow(st, "Bedömningar", 60)
	if text := st.Text(); st.Status != http.StatusOK || !strings.Contains(text, "Bedömningar "+a.ref) || !strings.Contains(text, stacktest.ReviewerUser(s.Stack).Email) ||
		!strings.Contains(text, "Inskickad · Viktad summa: "+totalA) || !strings.Contains(text, "Öppna bedömningen igen") {
		t.Errorf("A's assessments: %d %s\n%.2000s", st.Status, st.URL(), text)
	}
	look(t, st, "review-staff-reviews"+suffix)
	// What reflow's element list cannot name: text wider than its own box
	// (a word that does not wrap), at 320 px, outside the table regions.
	var overflowing []string
	st.Eval(overflowJS, &overflowing)
	if len(overflowing) > 0 {
		t.Logf("review-staff-reviews at %d px: text wider than its box: %s", st.Width, strings.Join(overflowing, "; "))
	}

	// The batch: A and B ticked with Space, granted at the amounts applied for.
	st.Go(s.URL + "/staff/rounds/2027-1/meeting")
	for _, x := range []*app{a, b} {
		box := st.TabTo("the box of "+x.ref, func(f browser.Focus) bool { return f.Type == "checkbox" && f.Value == x.ref }, 40)
		if box.Label != "Välj "+x.ref || box.Ring == "" {
			t.Errorf("the box of %s: label %q, focus ring %q", x.ref, box.Label, box.Ring)
		}
		st.Press("Space")
		if f := st.Focused(); !f.Checked {
			t.Fatalf("Space on the box of %s did not tick it: %+v", x.ref, f)
		}
	}
	at = st.TabTo("the outcome", func(f browser.Focus) bool { return f.Name == "outcome" }, 20)
	choose(st, at, "outcome", "granted")
	typeInto(st, "motivation", "Högst rankade, väl förankrade i båda kommunerna.", 3)
	press(st, "Besluta för de valda", 3)
	if text := st.Text(); st.Status != http.StatusOK || !strings.Contains(text, "2 beslut sparade.") || strings.Contains(text, "Dessa gick inte igenom") {
		t.Fatalf("the batch: %d %s\n%.3000s", st.Status, st.URL(), text)
	}
	round, _ = s.Env.Store.Round(ctx, "2027-1")
	if round.GrantedTotal != 1400000 {
		t.Errorf("granted after the batch: %d, want 1 400 000 (A and B, 700 000 each)", round.GrantedTotal)
	}
	for _, x := range []*app{a, b} {
		if got, _, err := s.Env.Store.Application(ctx, x.ref); err != nil || got.Decision == nil || got.Decision.Outcome != "granted" || got.Decision.Amount != 700000 {
			t.Errorf("%s after the batch: %v, decision %+v", x.ref, err, got.Decision)
		}
	}
	var facts map[string]string
	st.Eval(`Object.fromEntries([...document.querySelectorAll("main dl")[0].querySelectorAll("dt")].map(dt => [dt.innerText.trim(), dt.nextElementSibling.innerText.trim()]))`, &facts)
	if facts["Beviljat hittills"] != "1\u00a0400\u00a0000\u00a0kr" || facts["Kvar av budgeten"] != "8\u00a0400\u00a0000\u00a0kr" {
		t.Errorf("the meeting's budget after the batch: %q", facts)
	}
	if u := st.URL(); strings.Contains(u, "/batch") {
		t.Logf("after the batch the browser is at %s: the answer to the POST, which a reload sends again", u)
	}
	look(t, st, "review-meeting-decided"+suffix)

	// The filter: Kenya, A and D.
	fill(t, st, []field{{"country", "select", "Kenya", "KE"}})
	press(st, "Visa", 3)
	rows = nil
	st.Eval(`[...document.querySelectorAll("main tbody tr")].map(r => [...r.children].map(c => c.innerText.trim()))`, &rows)
	var refs []string
	for _, r := range rows {
		refs = append(refs, r[2])
	}
	if st.Status != http.StatusOK || !slices.Equal(refs, []string{a.ref, d.ref}) {
		t.Errorf("the meeting filtered to Kenya: %d %s, rows %v, want A %s and D %s", st.Status, st.URL(), refs, a.ref, d.ref)
	}
	look(t, st, "review-meeting-filtered"+suffix)
	t.Logf("the review's path (%s) took %s", map[bool]string{true: "JavaScript on", false: "JavaScript off"}[js], time.Since(began).Round(time.Millisecond))

}

// overflowJS lists the elements in main, outside table regions, whose text
// is wider than their own box (scrollWidth over clientWidth), with what
// they say.
const overflowJS = `[...document.querySelectorAll("main *")].filter(e => !e.closest(".table-wrap") && e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1 &&
  getComputedStyle(e).overflowX === "visible").map(e => e.localName + (e.id ? "#" + e.id : "") + " " + JSON.stringify(e.innerText.trim().slice(0, 60)) +
  " (" + e.scrollWidth + " px in " + e.clientWidth + ")")`
