package publish_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"partnerskap/internal/programme"
	"partnerskap/internal/publish"
	"partnerskap/internal/store"
)

// fakeStore is publish.Store as function fields; a call the test did not
// set fails it.
type fakeStore struct {
	t         *testing.T
	RoundFn   func(id string) (programme.Round, error)
	GrantedFn func(roundID string) ([]programme.GrantedProject, error)
}

var _ publish.Store = (*fakeStore)(nil)
var _ publish.Store = (*store.Store)(nil)

func (f *fakeStore) Round(_ context.Context, id string) (programme.Round, error) {
	if f.RoundFn == nil {
		f.t.Fatalf("unexpected call: Round %s", id)
	}
	return f.RoundFn(id)
}

func (f *fakeStore) Granted(_ context.Context, roundID string) ([]programme.GrantedProject, error) {
	if f.GrantedFn == nil {
		f.t.Fatalf("unexpected call: Granted %s", roundID)
	}
	return f.GrantedFn(roundID)
}

var listed = []programme.GrantedProject{{Ref: "KP-XJXMFDHFW1", SwedishOrganisation: "Kalix kommun", PartnerOrganisation: "Masaka District",
	Country: "UG", Type: "project", Theme: "climate", Title: "Rent vatten", Amount: 400000}}

// Only a notified round is published: before its decision emails are out,
// nothing of it is, and its list is not even read.
func TestOnlyANotifiedRoundIsPublished(t *testing.T) {
	for _, st := range []programme.RoundStatus{programme.RoundScheduled, programme.RoundOpen, programme.RoundClosed, programme.RoundDecided} {
		t.Run(string(st), func(t *testing.T) {
			s := &fakeStore{t: t, RoundFn: func(id string) (programme.Round, error) { return programme.Round{ID: id, Status: st}, nil }}
			if _, grants, err := (&publish.Service{Store: s}).Granted(context.Background(), "2027-1"); !errors.Is(err, publish.ErrNotPublished) || grants != nil {
				t.Fatalf("%v %v, want not published", grants, err)
			}
		})
	}
	t.Run("unknown", func(t *testing.T) {
		s := &fakeStore{t: t, RoundFn: func(string) (programme.Round, error) { return programme.Round{}, store.ErrNotFound }}
		if _, _, err := (&publish.Service{Store: s}).Granted(context.Background(), "1999-1"); !errors.Is(err, publish.ErrNotPublished) {
			t.Fatalf("%v, want not published", err)
		}
	})
	t.Run("notified", func(t *testing.T) {
		s := &fakeStore{t: t,
			RoundFn: func(id string) (programme.Round, error) {
				return programme.Round{ID: id, Status: programme.RoundNotified}, nil
			},
			GrantedFn: func(string) ([]programme.GrantedProject, error) { return listed, nil }}
		r, grants, err := (&publish.Service{Store: s}).Granted(context.Background(), "2027-1")
		if err != nil || r.ID != "2027-1" || !slices.Equal(grants, listed) {
			t.Fatalf("%+v %+v %v", r, grants, err)
		}
	})
}

// The published list is public: a granted project carries who, what and
// how much, and nothing that names or reaches a person. A field added to
// programme.GrantedProject fails this test until it is judged public and
// listed here.
func TestThePublishedListHoldsNoPersonalData(t *testing.T) {
	public := []string{"reference", "swedishOrganisation", "partnerOrganisation", "country", "type", "theme", "title", "amount"}
	typ := reflect.TypeFor[publish.Grant]()
	var fields []string
	for f := range typ.Fields() {
		fields = append(fields, f.Name+" "+f.Tag.Get("json"))
		name := strings.ToLower(f.Name)
		for _, personal := range []string{"email", "phone", "contact", "person", "address", "name"} {
			if strings.Contains(name, personal) {
				t.Errorf("field %s of a published project looks personal", f.Name)
			}
		}
	}
	b, err := json.Marshal(listed[0])
	if err != nil {
		t.Fatal(err)
	}
	var keys map[string]any
	if err := json.Unmarshal(b, &keys); err != nil {
		t.Fatal(err)
	}
	var got []string
	for k := range keys {
		got = append(got, k)
	}
	slices.Sort(got)
	slices.Sort(public)
	if !slices.Equal(got, public) {
		t.Fatalf("a published project's fields are %v (%v), want exactly %v", got, fields, public)
	}
}
