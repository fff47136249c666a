package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"partnerskap/internal/store"
)

// A job's lease: one holder at a time; its holder may take it again; a
// released one is free; one whose time has passed is taken over; only its
// holder releases it.
func TestJobLease(t *testing.T) {
	s := newStore(t)
	now := opens
	until := now.Add(5 * time.Minute)
	if h, _, err := s.LeaseHolder(ctx, "mailer"); err != nil || h != "" {
		t.Fatalf("a lease nobody took: %q %v", h, err)
	}
	if err := s.TakeLease(ctx, "mailer", "run-a", now, until); err != nil {
		t.Fatal(err)
	}
	if h, u, err := s.LeaseHolder(ctx, "mailer"); err != nil || h != "run-a" || !u.Equal(until) {
		t.Fatalf("holder %q until %v (%v), want run-a until %v", h, u, err, until)
	}
	// Another run, while run-a's time lasts (up to its very instant).
	for _, at := range []time.Time{now, until.Add(-time.Millisecond), until} {
		if err := s.TakeLease(ctx, "mailer", "run-b", at, at.Add(5*time.Minute)); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("run-b at %v took a held lease: %v", at, err)
		}
	}
	// Leases are per job.
	if err := s.TakeLease(ctx, "rounds", "run-b", now, until); err != nil {
		t.Fatalf("another job's lease: %v", err)
	}
	// The holder again (e.g. a retried call) extends it.
	if err := s.TakeLease(ctx, "mailer", "run-a", now, until.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := s.ReleaseLease(ctx, "mailer", "run-b", now); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("run-b released run-a's lease: %v", err)
	}
	if err := s.ReleaseLease(ctx, "mailer", "run-a", now); err != nil {
		t.Fatal(err)
	}
	if h, _, err := s.LeaseHolder(ctx, "mailer"); err != nil || h != "" {
		t.Fatalf("released, still held by %q (%v)", h, err)
	}
	if err := s.ReleaseLease(ctx, "mailer", "run-a", now); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("released twice: %v", err)
	}
	// Free after the release, even at an earlier instant of a job's clock.
	if err := s.TakeLease(ctx, "mailer", "run-b", now.Add(-time.Hour), now); err != nil {
		t.Fatalf("a released lease: %v", err)
	}
	// run-b dies holding it: at its leaseUntil it is still held, after it
	// it is taken over, and run-b can no longer release it.
	if err := s.TakeLease(ctx, "mailer", "run-c", now, now.Add(time.Minute)); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("run-c took run-b's lease at its leaseUntil: %v", err)
	}
	if err := s.TakeLease(ctx, "mailer", "run-c", now.Add(time.Millisecond), now.Add(time.Minute)); err != nil {
		t.Fatalf("run-c after run-b's time: %v", err)
	}
	if err := s.ReleaseLease(ctx, "mailer", "run-b", now); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("the dead run released its successor's lease: %v", err)
	}
	if h, _, _ := s.LeaseHolder(ctx, "mailer"); h != "run-c" {
		t.Fatalf("held by %q, want run-c", h)
	}
}

// A lease lasts for the run's remaining time plus a margin, or for the
// configured maximum when the run has no deadline.
func TestLeaseUntil(t *testing.T) {
	now := opens
	if got, want := store.LeaseUntil(context.Background(), now, 15*time.Minute, 10*time.Second), now.Add(15*time.Minute+10*time.Second); !got.Equal(want) {
		t.Fatalf("no deadline: %v, want %v", got, want)
	}
	c, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	got := store.LeaseUntil(c, now, 15*time.Minute, 10*time.Second)
	if !got.After(now.Add(15*time.Minute)) || got.After(now.Add(time.Hour+10*time.Second)) {
		t.Fatalf("an hour left: until %v, want within (now+15m, now+1h10s] of %v", got, now)
	}
	past, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Minute))
	defer cancel()
	if got := store.LeaseUntil(past, now, 15*time.Minute, 10*time.Second); !got.Equal(now.Add(10 * time.Second)) {
		t.Fatalf("deadline passed: %v, want now + margin", got)
	}
}
