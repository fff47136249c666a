package programme

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"partnerskap/internal/i18n"
)

// Review before the decision: a round's criteria (ReviewRule), a reviewer's
// score sheet and its weighted total, an application's result over its
// sheets, the assignment of applications to reviewers and the decision
// meeting's ranking. A reviewer is known by their stable user id (the
// pool's sub), never by a name or an address.
//
// The programme's public material says nothing of how applications are
// assessed: the criteria in data/rounds.json are this system's proposal.

// Limits of a round's review rule.
const (
	MaxReviewersPerApplication = 10
	MaxCriteria                = 20
	// MaxScaleSteps is the widest a criterion's scale may be (max - min).
	MaxScaleSteps = 100
	MaxWeight     = 100
	// MaxReviewComment is the most characters of a comment on one criterion.
	MaxReviewComment = 2000
)

// ReviewRule is a round's review: what each application is scored on, by
// how many reviewers, and when their totals differ enough to be flagged.
// A round without one (nil) was announced before reviews were recorded.
type ReviewRule struct {
	Criteria                []Criterion `json:"criteria"`
	ReviewersPerApplication int         `json:"reviewersPerApplication"`
	// FlagSpread: an application whose reviewers' totals differ by more
	// than this (in thousandths, like Total) is flagged for the meeting.
	FlagSpread Total `json:"flagSpread"`
}

// Criterion is one thing an application is scored on, on a scale of whole
// numbers, weighing Weight against the other criteria's weights.
type Criterion struct {
	// ID names the criterion in a sheet and in the form's fields
	// (score.<id>, comment.<id>): lower-case letters, digits and hyphens.
	ID         string `json:"id"`
	NameSv     string `json:"nameSv"`
	NameEn     string `json:"nameEn"`
	GuidanceSv string `json:"guidanceSv"`
	GuidanceEn string `json:"guidanceEn"`
	Scale      Span   `json:"scale"`
	Weight     int    `json:"weight"`
}

// Name returns the criterion's name in lang.
func (c Criterion) Name(lang Lang) string {
	if lang == English {
		return c.NameEn
	}
	return c.NameSv
}

// Guidance returns the reviewer's guidance on the criterion in lang.
func (c Criterion) Guidance(lang Lang) string {
	if lang == English {
		return c.GuidanceEn
	}
	return c.GuidanceSv
}

var criterionID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// validate checks a rule's own data (a nil rule is none, and fine).
func (r *ReviewRule) validate() error {
	if r == nil {
		return nil
	}
	switch n := r.ReviewersPerApplication; {
	case n < 1 || n > MaxReviewersPerApplication:
		return fmt.Errorf("reviewersPerApplication %d out of 1..%d", n, MaxReviewersPerApplication)
	case r.FlagSpread < 1 || r.FlagSpread > MaxTotal:
		return fmt.Errorf("flagSpread %d out of 1..%d", r.FlagSpread, MaxTotal)
	case len(r.Criteria) == 0 || len(r.Criteria) > MaxCriteria:
		return fmt.Errorf("%d criteria: 1..%d are needed", len(r.Criteria), MaxCriteria)
	}
	seen := map[string]bool{}
	for _, c := range r.Criteria {
		switch s := c.Scale; {
		case !criterionID.MatchString(c.ID):
			return fmt.Errorf("criterion id %q: lower-case letters, digits and hyphens", c.ID)
		case seen[c.ID]:
			return fmt.Errorf("criterion %s twice", c.ID)
		case c.NameSv == "" || c.NameEn == "" || c.GuidanceSv == "" || c.GuidanceEn == "":
			return fmt.Errorf("criterion %s: name and guidance in both languages are required", c.ID)
		case s.Min < 0 || s.Max <= s.Min || s.Max-s.Min > MaxScaleSteps:
			return fmt.Errorf("criterion %s: scale %d..%d is not 0 <= min < max <= min+%d", c.ID, s.Min, s.Max, MaxScaleSteps)
		case c.Weight < 1 || c.Weight > MaxWeight:
			return fmt.Errorf("criterion %s: weight %d out of 1..%d", c.ID, c.Weight, MaxWeight)
		}
		seen[c.ID] = true
	}
	return nil
}

// Criterion returns the criterion with the id, if the rule has it.
func (r ReviewRule) Criterion(id string) (Criterion, bool) {
	for _, c := range r.Criteria {
		if c.ID == id {
			return c, true
		}
	}
	return Criterion{}, false
}

// SheetStatus is where a score sheet is: a draft the reviewer may change,
// or submitted (locked unless staff reopen it: the store's rule).
type SheetStatus string

const (
	SheetDraft     SheetStatus = "draft"
	SheetSubmitted SheetStatus = "submitted"
)

// ScoreSheet is one reviewer's assessment of one application: a score and
// a comment per criterion, by the criterion's id. A criterion missing from
// Scores is not scored yet.
type ScoreSheet struct {
	Ref      string            `json:"reference"`
	Reviewer string            `json:"reviewer"` // the stable user id
	Status   SheetStatus       `json:"status"`
	Scores   map[string]int    `json:"scores,omitempty"`
	Comments map[string]string `json:"comments,omitempty"`
}

// CodeScoreRange: a score outside its criterion's scale (Args: min, max).
// Sheet errors are labelled by their criterion: render them with
// ReviewRule.Message, not FieldError.Message.
const CodeScoreRange = "score_range"

// Check checks a sheet against the rule and returns it cleaned (comments
// trimmed, line breaks as \n, empty ones dropped; any status but submitted
// is a draft), or every problem, by field, in the criteria's order:
//   - score.<id>: a score outside the scale (CodeScoreRange, with the
//     scale's min and max); on a submitted sheet, a criterion not scored
//     (CodeRequired);
//   - comment.<id>: over MaxReviewComment characters (CodeTooLong) or with
//     control characters (CodeInvalidText);
//   - then, by id, a score or comment for a criterion the rule does not
//     have (CodeUnknownField).
func (r ReviewRule) Check(s ScoreSheet) (ScoreSheet, FieldErrors) {
	out := ScoreSheet{Ref: s.Ref, Reviewer: s.Reviewer, Status: SheetDraft}
	if s.Status == SheetSubmitted {
		out.Status = SheetSubmitted
	}
	var errs FieldErrors
	for _, c := range r.Criteria {
		v, scored := s.Scores[c.ID]
		switch {
		case scored && !c.Scale.has(v):
			errs = append(errs, FieldError{Field: "score." + c.ID, Code: CodeScoreRange, Args: []any{c.Scale.Min, c.Scale.Max}})
		case !scored && out.Status == SheetSubmitted:
			errs = append(errs, FieldError{Field: "score." + c.ID, Code: CodeRequired})
		}
		if scored {
			if out.Scores == nil {
				out.Scores = map[string]int{}
			}
			out.Scores[c.ID] = v
		}
		text := strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s.Comments[c.ID], "\r\n", "\n"), "\r", "\n"))
		switch {
		case text == "":
			continue
		case !utf8.ValidString(text) || strings.ContainsFunc(text, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }):
			errs = append(errs, FieldError{Field: "comment." + c.ID, Code: CodeInvalidText})
		case utf8.RuneCountInString(text) > MaxReviewComment:
			errs = append(errs, FieldError{Field: "comment." + c.ID, Code: CodeTooLong, Args: []any{MaxReviewComment}})
		}
		if out.Comments == nil {
			out.Comments = map[string]string{}
		}
		out.Comments[c.ID] = text
	}
	var unknown []string
	for id := range s.Scores {
		if _, ok := r.Criterion(id); !ok {
			unknown = append(unknown, "score."+id)
		}
	}
	for id := range s.Comments {
		if _, ok := r.Criterion(id); !ok {
			unknown = append(unknown, "comment."+id)
		}
	}
	slices.Sort(unknown)
	for _, f := range unknown {
		errs = append(errs, FieldError{Field: f, Code: CodeUnknownField})
	}
	return out, errs
}

// Message is a sheet's error in lang, labelled with its criterion's name.
func (r ReviewRule) Message(e FieldError, lang Lang) string {
	rs, ok := reasons[e.Code]
	if e.Code == CodeRequired && strings.HasPrefix(e.Field, "score.") {
		rs = reason{i18n.ReasonChooseScore, nil} // a radio group: chosen, not typed
	}
	if e.Code == CodeScoreRange {
		rs, ok = reason{i18n.ReasonScoreRange, []string{"min", "max"}}, true
	}
	if !ok {
		rs = reasons[CodeInvalidText]
	}
	args := i18n.Args{}
	for i, a := range e.Args {
		if i < len(rs.args) {
			args[rs.args[i]] = fmt.Sprint(a)
		}
	}
	label := FieldLabel(e.Field, lang)
	kind, id, _ := strings.Cut(e.Field, ".")
	if c, known := r.Criterion(id); known && kind == "score" {
		label = c.Name(lang)
	} else if known && kind == "comment" {
		label = i18n.ReviewCommentOn.Format(lang, i18n.Args{"criterion": c.Name(lang)})
	}
	return label + ": " + rs.key.Format(lang, args)
}

// Total is a weighted total in thousandths: 0 when every criterion is
// scored at the bottom of its scale, MaxTotal when every one is at the top.
type Total int

// MaxTotal is the highest Total.
const MaxTotal Total = 1000

// Format writes a total as a percentage with one decimal: "72,5 %", "72.5%".
func (t Total) Format(lang Lang) string {
	s := strconv.Itoa(int(t)/10) + "." + strconv.Itoa(int(t)%10)
	if lang == English {
		return s + "%"
	}
	return strings.Replace(s, ".", ",", 1) + "\u00a0%"
}

// Total is a sheet's weighted total: each score normalised to 0..1 over its
// criterion's scale, (score - min) / (max - min); their mean weighted by
// the criteria's weights; in thousandths, rounded half up. The arithmetic
// is on exact fractions, so the rounding is the one stated (1/16 is 62.5
// thousandths: 63). ok is false when a criterion is not scored or is off
// its scale (a draft, or a sheet scored under other criteria).
func (r ReviewRule) Total(s ScoreSheet) (t Total, ok bool) {
	sum := new(big.Rat)
	var weights int64
	for _, c := range r.Criteria {
		v, scored := s.Scores[c.ID]
		if !scored || !c.Scale.has(v) {
			return 0, false
		}
		sum.Add(sum, big.NewRat(int64(c.Weight)*int64(v-c.Scale.Min), int64(c.Scale.Max-c.Scale.Min)))
		weights += int64(c.Weight)
	}
	if weights <= 0 {
		return 0, false
	}
	sum.Mul(sum, big.NewRat(int64(MaxTotal), weights))
	// Half up, for a fraction a/b >= 0: floor((2a + b) / 2b).
	a, b := sum.Num(), sum.Denom()
	n := new(big.Int).Add(new(big.Int).Lsh(a, 1), b)
	return Total(n.Quo(n, new(big.Int).Lsh(b, 1)).Int64()), true
}

// Result is an application's review so far, over its submitted sheets.
type Result struct {
	Count int `json:"count"` // submitted sheets with a total
	// Mean is the mean of the sheets' totals (each rounded as Total says),
	// rounded half up; 0 when there are none.
	Mean Total `json:"mean"`
	// Spread is the highest total less the lowest.
	Spread Total `json:"spread"`
	// Flagged: the spread is over the rule's FlagSpread.
	Flagged bool `json:"flagged"`
}

// Results are the applications' results, by reference, from their sheets
// (one per reviewer and application, as the store keeps them). Drafts do
// not count, nor does a submitted sheet without a total (one scored under
// criteria the rule no longer has).
func (r ReviewRule) Results(sheets []ScoreSheet) map[string]Result {
	type acc struct{ sum, lo, hi, n int }
	by := map[string]*acc{}
	for _, s := range sheets {
		t, ok := r.Total(s)
		if s.Status != SheetSubmitted || !ok {
			continue
		}
		a := by[s.Ref]
		if a == nil {
			a = &acc{lo: int(t), hi: int(t)}
			by[s.Ref] = a
		}
		a.sum, a.n = a.sum+int(t), a.n+1
		a.lo, a.hi = min(a.lo, int(t)), max(a.hi, int(t))
	}
	out := make(map[string]Result, len(by))
	for ref, a := range by {
		res := Result{Count: a.n, Mean: Total((2*a.sum + a.n) / (2 * a.n)), Spread: Total(a.hi - a.lo)}
		res.Flagged = res.Spread > r.FlagSpread
		out[ref] = res
	}
	return out
}

// ConflictKind is what a reviewer's declared conflict of interest is with.
type ConflictKind string

const (
	ConflictApplication  ConflictKind = "application"  // Value: the application's reference
	ConflictOrganisation ConflictKind = "organisation" // Value: the Swedish organisation, as applications name it
	ConflictCountry      ConflictKind = "country"      // Value: the partner country's code
)

// Conflict is one declared conflict of interest.
type Conflict struct {
	Kind  ConflictKind `json:"kind"`
	Value string       `json:"value"`
}

// With says whether the conflict bars its reviewer from a. A conflict of a
// kind this version does not know bars them from every application: a
// reviewer left without work shows, a conflicted one scoring does not.
func (c Conflict) With(a AppSummary) bool {
	switch c.Kind {
	case ConflictApplication:
		return c.Value == a.Ref
	case ConflictOrganisation:
		return c.Value == a.SwedishOrganisation
	case ConflictCountry:
		return c.Value == a.Country
	}
	return true
}

// Reviewer is a person who scores applications, with the conflicts of
// interest they declared.
type Reviewer struct {
	ID string `json:"id"` // the stable user id
	// Label names the reviewer for staff: their email as the sign-in gave
	// it when they last declared their conflicts (a label, never a key).
	Label     string     `json:"label,omitempty"`
	Conflicts []Conflict `json:"conflicts,omitempty"`
}

// ConflictWith is the reviewer's first declared conflict with a, if any.
func (r Reviewer) ConflictWith(a AppSummary) (Conflict, bool) {
	for _, c := range r.Conflicts {
		if c.With(a) {
			return c, true
		}
	}
	return Conflict{}, false
}

// Assignment gives one application to one reviewer.
type Assignment struct {
	Ref      string `json:"reference"`
	Reviewer string `json:"reviewer"`
}

// Shortfall is an application that could not get the reviewers it needs:
// Got of Want, because of the Reviewers there are, Conflicted declared a
// conflict of interest with it.
type Shortfall struct {
	Ref        string `json:"reference"`
	Want       int    `json:"want"`
	Got        int    `json:"got"`
	Reviewers  int    `json:"reviewers"`
	Conflicted int    `json:"conflicted"`
}

// Message says which application is short of reviewers, and why, in lang.
func (s Shortfall) Message(lang Lang) string {
	return i18n.AssignShortfall.Format(lang, i18n.Args{"ref": s.Ref, "got": strconv.Itoa(s.Got), "want": strconv.Itoa(s.Want),
		"reviewers": strconv.Itoa(s.Reviewers), "conflicted": strconv.Itoa(s.Conflicted)})
}

// AssignPlan is what Assign decided. Each list is by reference, then reviewer.
type AssignPlan struct {
	Assignments []Assignment   // all of them after the run: kept and added
	Added       []Assignment   // new in this run
	Removed     []Assignment   // existing ones dropped: a conflict, or no longer a reviewer
	Short       []Shortfall    // applications with fewer than n reviewers
	Load        map[string]int // assignments per reviewer, every reviewer listed
}

// Assign gives each application n reviewers, deterministically (the order
// of the inputs does not matter):
//   - never one with a declared conflict with the application, its Swedish
//     organisation or its partner country;
//   - keeping every existing assignment still allowed, so a re-run after a
//     new conflict moves only what it must; an existing assignment to a
//     reviewer now conflicted, or no longer listed, is Removed; one for an
//     application not in apps is left alone (neither kept nor removed);
//   - balancing the load: no plan that keeps the kept assignments has a
//     smaller spread between the busiest and the least busy reviewer (so
//     the difference is at most 1 whenever it can be);
//   - reporting, as Short, each application that has fewer than n reviewers
//     without a conflict.
//
// Among equally loaded reviewers the choice follows a hash of application
// and reviewer, so that the same reviewers are not always paired.
func Assign(apps []AppSummary, reviewers []Reviewer, existing []Assignment, n int) AssignPlan {
	st := newAssignState(apps, reviewers)
	plan := AssignPlan{Load: map[string]int{}}
	for _, e := range existing {
		a, okA := st.appIndex[e.Ref]
		if !okA {
			continue
		}
		r, okR := st.revIndex[e.Reviewer]
		switch {
		case !okR || st.barred[a*st.nr+r]:
			plan.Removed = append(plan.Removed, e)
		case !st.on[a*st.nr+r]:
			st.set(a, r, true)
			st.fixed[a*st.nr+r] = true
		}
	}
	st.fill(n)
	st.balance()

	for a, app := range st.apps {
		got, conflicted := 0, 0
		for r, rev := range st.revs {
			if st.on[a*st.nr+r] {
				got++
				as := Assignment{Ref: app.Ref, Reviewer: rev.ID}
				plan.Assignments = append(plan.Assignments, as)
				if !st.fixed[a*st.nr+r] {
					plan.Added = append(plan.Added, as)
				}
			}
			if st.barred[a*st.nr+r] {
				conflicted++
			}
		}
		if got < n {
			plan.Short = append(plan.Short, Shortfall{Ref: app.Ref, Want: n, Got: got, Reviewers: st.nr, Conflicted: conflicted})
		}
	}
	for r, rev := range st.revs {
		plan.Load[rev.ID] = st.load[r]
	}
	slices.SortFunc(plan.Removed, func(x, y Assignment) int {
		return cmp.Or(cmp.Compare(x.Ref, y.Ref), cmp.Compare(x.Reviewer, y.Reviewer))
	})
	plan.Removed = slices.Compact(plan.Removed)
	return plan
}

// assignState is Assign's working state: applications by reference and
// reviewers by id, and per pair (index a*nr + r) whether the reviewer is
// barred, assigned, and assigned by an earlier run (fixed).
type assignState struct {
	apps               []AppSummary
	revs               []Reviewer
	nr                 int
	appIndex, revIndex map[string]int
	barred, on, fixed  []bool
	load               []int
}

func newAssignState(apps []AppSummary, reviewers []Reviewer) *assignState {
	st := &assignState{appIndex: map[string]int{}, revIndex: map[string]int{}}
	// Reviewers by id; the same id twice has both lists of conflicts.
	merged := map[string][]Conflict{}
	for _, r := range reviewers {
		if r.ID != "" {
			merged[r.ID] = append(merged[r.ID], r.Conflicts...)
		}
	}
	for id, cs := range merged {
		st.revs = append(st.revs, Reviewer{ID: id, Conflicts: cs})
	}
	slices.SortFunc(st.revs, func(x, y Reviewer) int { return cmp.Compare(x.ID, y.ID) })
	for _, a := range apps {
		if _, dup := st.appIndex[a.Ref]; !dup {
			st.appIndex[a.Ref] = -1
			st.apps = append(st.apps, a)
		}
	}
	slices.SortFunc(st.apps, func(x, y AppSummary) int { return cmp.Compare(x.Ref, y.Ref) })
	st.nr = len(st.revs)
	for i, a := range st.apps {
		st.appIndex[a.Ref] = i
	}
	for i, r := range st.revs {
		st.revIndex[r.ID] = i
	}
	size := len(st.apps) * st.nr
	st.barred, st.on, st.fixed, st.load = make([]bool, size), make([]bool, size), make([]bool, size), make([]int, st.nr)
	for a, app := range st.apps {
		for r, rev := range st.revs {
			_, st.barred[a*st.nr+r] = rev.ConflictWith(app)
		}
	}
	return st
}

func (st *assignState) set(a, r int, on bool) {
	st.on[a*st.nr+r] = on
	if on {
		st.load[r]++
	} else {
		st.load[r]--
	}
}

// fill gives each application the reviewers it lacks, the applications with
// the fewest reviewers to spare first, each to the least loaded free ones.
func (st *assignState) fill(n int) {
	type need struct{ a, want, spare int }
	var needs []need
	for a := range st.apps {
		has, free := 0, 0
		for r := range st.nr {
			switch i := a*st.nr + r; {
			case st.on[i]:
				has++
			case !st.barred[i]:
				free++
			}
		}
		if want := min(n-has, free); want > 0 {
			needs = append(needs, need{a, want, free - want})
		}
	}
	slices.SortStableFunc(needs, func(x, y need) int { return cmp.Compare(x.spare, y.spare) })
	for _, nd := range needs {
		ref := st.apps[nd.a].Ref
		type cand struct {
			r    int
			load int
			hash uint64
		}
		var cands []cand
		for r := range st.nr {
			if i := nd.a*st.nr + r; !st.on[i] && !st.barred[i] {
				cands = append(cands, cand{r, st.load[r], pairHash(ref, st.revs[r].ID)})
			}
		}
		slices.SortFunc(cands, func(x, y cand) int {
			return cmp.Or(cmp.Compare(x.load, y.load), cmp.Compare(x.hash, y.hash), cmp.Compare(x.r, y.r))
		})
		for _, c := range cands[:nd.want] {
			st.set(nd.a, c.r, true)
		}
	}
}

// pairHash orders the reviewers of equal load for an application: FNV-1a
// of the pair, mixed by MurmurHash3's finaliser (FNV alone orders the
// reviewers of similar ids much the same for every application).
func pairHash(ref, reviewer string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(ref + "\x00" + reviewer))
	x := h.Sum64()
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	return x ^ x>>33
}

// balance moves this run's assignments until no reviewer has two more than
// another who could take one of theirs, directly or through a chain of
// reviewers each handing one on. Then no plan keeping the fixed assignments
// has a smaller spread of loads: the loads are decreasingly minimal (Frank
// and Murota), which minimises the highest and maximises the lowest at once.
func (st *assignState) balance() {
	for st.improve() {
	}
}

// improve finds one chain from a busiest reviewer to one with at least two
// fewer, and moves along it; it says whether it found one.
func (st *assignState) improve() bool {
	order := make([]int, st.nr)
	for r := range order {
		order[r] = r
	}
	slices.SortStableFunc(order, func(x, y int) int { return cmp.Compare(st.load[y], st.load[x]) })
	if len(order) == 0 {
		return false
	}
	least := st.load[order[len(order)-1]]
	type step struct{ from, a int }
	prev := make([]step, st.nr)
	seen := make([]bool, st.nr)
	for _, s := range order {
		if st.load[s]-least < 2 {
			return false
		}
		clear(seen)
		seen[s] = true
		queue := []int{s}
		for len(queue) > 0 {
			u := queue[0]
			queue = queue[1:]
			for a := range st.apps {
				if i := a*st.nr + u; !st.on[i] || st.fixed[i] {
					continue
				}
				for v := range st.nr {
					if i := a*st.nr + v; seen[v] || st.on[i] || st.barred[i] {
						continue
					}
					seen[v], prev[v] = true, step{u, a}
					if st.load[v] <= st.load[s]-2 {
						for x := v; x != s; x = prev[x].from {
							st.set(prev[x].a, prev[x].from, false)
							st.set(prev[x].a, x, true)
						}
						return true
					}
					queue = append(queue, v)
				}
			}
		}
	}
	return false
}

// RankedApp is one application as the decision meeting sees it.
type RankedApp struct {
	AppSummary
	Review Result `json:"review"`
	// Position is its place in the whole ranking, from 1 (a filter keeps it).
	Position int `json:"position"`
	// Amount is what it takes from the budget if granted from the top: the
	// granted amount once granted, nothing once rejected, else the amount
	// requested.
	Amount int64 `json:"amount"`
	// RunningTotal is the Amounts from the top down to this one, and
	// WithinBudget says whether that is within the round's budget.
	RunningTotal int64 `json:"runningTotal"`
	WithinBudget bool  `json:"withinBudget"`
}

// Rank orders a round's applications for the decision meeting: by their
// results' mean total, highest first, ties by the amount requested
// (smallest first) and then by reference; applications without a
// submitted sheet come last, in the same order of amount and reference.
// Withdrawn applications are left out. The running total is over the
// whole ranking against budget; the filter (status, type, theme, country;
// empty fields match all) then only chooses the rows shown.
func Rank(apps []AppSummary, results map[string]Result, budget int64, f AppFilter) []RankedApp {
	var rows []RankedApp
	for _, a := range apps {
		if a.Status == string(AppWithdrawn) {
			continue
		}
		row := RankedApp{AppSummary: a, Review: results[a.Ref], Amount: a.RequestedTotal}
		switch AppStatus(a.Status) {
		case AppGranted:
			row.Amount = a.GrantedAmount
		case AppRejected:
			row.Amount = 0
		}
		rows = append(rows, row)
	}
	unscored := func(r RankedApp) int { // 1 without a submitted sheet: after those with
		if r.Review.Count == 0 {
			return 1
		}
		return 0
	}
	slices.SortFunc(rows, func(x, y RankedApp) int {
		return cmp.Or(cmp.Compare(unscored(x), unscored(y)),
			cmp.Compare(y.Review.Mean, x.Review.Mean),
			cmp.Compare(x.RequestedTotal, y.RequestedTotal),
			cmp.Compare(x.Ref, y.Ref))
	})
	var running int64
	shown := rows[:0]
	for i, row := range rows {
		running += row.Amount
		row.Position, row.RunningTotal, row.WithinBudget = i+1, running, running <= budget
		if f.matches(row.AppSummary) {
			shown = append(shown, row)
		}
	}
	return shown
}

func (f AppFilter) matches(a AppSummary) bool {
	return (f.Status == "" || a.Status == string(f.Status)) && (f.Type == "" || a.Type == f.Type) &&
		(f.Theme == "" || a.Theme == f.Theme) && (f.Country == "" || a.Country == f.Country)
}
