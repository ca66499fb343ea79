#!/bin/bash
# test_cas3_estate.sh: an administrator (demo adm_ada) opens Accommodation >
# Premises and bedspaces on the demo data, adds a wheelchair-accessible
# bedspace to ACACIA1 and a void on it, sees a second void on the same days
# refused in words with nothing typed lost, then cancels the first void;
# the database holds each change.  An HPT assessor of region L (hpt_ria)
# does not see region K's premises.
. "$(dirname "$0")/lib.sh"

DEMO="$(dirname "$0")/../fixtures/demo"
e2e_db
e2e_sql -f "$DEMO/10_staff.sql" >/dev/null || fail "demo staff"
e2e_sql -f "$DEMO/40_cas3.sql" >/dev/null || fail "demo CAS3 data"
# the demo roles are cluster-wide and shared: sign in as one, never drop it
E2E_ROLE=adm_ada

press_until() {
	local i
	for ((i = 0; i < 30; i++)); do
		cursor_on "$1" && return 0
		keys "$2"
		sleep 0.05
	done
	fail "the cursor never reached '$1'"
}

# the store's words for a bedspace already taken on those days
screen_has_conflict() { screen | grep -qiE "Error: .*(void|booked|taken|free|already)"; }

read -r d1 m1 y1 <<<"$(date -d "+7 days" +"%-d %-m %Y")"
read -r d2 m2 y2 <<<"$(date -d "+11 days" +"%-d %-m %Y")"

e2e_start
wait_for "Ada Byrne"
keys a
wait_for "Premises and bedspaces"
press_until "Premises and bedspaces" Down
keys Enter
wait_for "Premises you may manage (6)"
shows "DALTON22"                       # an administrator sees every region
press_until "ACACIA1," Down
keys Enter
wait_for "Bedspaces (3)"
keys a
wait_for "Bedspace reference (required)"
type_text "4"
press_until "[ ] Shared kitchen" Tab
press_until "[ ] Wheelchair accessible" Down
keys Space
wait_for "[x] Wheelchair accessible"
keys F2
wait_for "Check your answers before you submit"
shows "Wheelchair accessible"
keys F2
wait_for "Bedspace added"
keys Enter
wait_for "Bedspaces (4)"
shows "Bedspace 4: from $(date +%F); Wheelchair accessible"
press_until "Bedspace 4:" Down
keys Enter
wait_for "Voids (0)"

# a void on days 7 to 11 from now
keys a
wait_for "Start date (required)"
type_text "$d1"; keys Tab; type_text "$m1"; keys Tab; type_text "$y1"; keys Tab
type_text "$d2"; keys Tab; type_text "$m2"; keys Tab; type_text "$y2"; keys Tab
type_text "deep"
wait_for "> Deep clean"
keys Enter
wait_for "Chosen: Deep clean"
keys Tab 2 F2
wait_for "Check your answers before you submit"
keys F2
wait_for "Void added"
keys Enter
wait_for "Voids (1)"
shows "Deep clean; cost centre SUPPLIER"

# a second one on the same days is refused in words; the answers stay
keys a
wait_for "Start date (required)"
type_text "$d1"; keys Tab; type_text "$m1"; keys Tab; type_text "$y1"; keys Tab
type_text "$d2"; keys Tab; type_text "$m2"; keys Tab; type_text "$y2"; keys Tab
type_text "needle"
wait_for "> Needle sweep"
keys Enter
keys F2
wait_for "Check your answers before you submit"
keys F2
wait_until "the refusal is said" screen_has_conflict
shows "Needle sweep"
# back out of the form (check your answers, its page, the form)
for ((i = 0; i < 4; i++)); do
	screen | grep -qF "Voids (1)" && break
	keys Escape
	sleep 0.2
done
wait_for "Voids (1)"

# cancel the first
press_until "Deep clean; cost centre SUPPLIER" Down
keys x
wait_for "Why is it cancelled?"
type_text "Cleaned early."
keys F2
wait_for "Check your answers before you submit"
keys F2
wait_for "Void cancelled"
keys Enter
wait_for "Cancelled  "
keys F10 y
wait_exit 0

[ "$(e2e_sql -tA -c "SELECT count(*) FROM cas3_bedspace b JOIN cas3_premises p ON p.id = b.premises_id
      JOIN cas3_bedspace_characteristic c ON c.bedspace_id = b.id
      JOIN characteristic ch ON ch.id = c.characteristic_id
     WHERE p.name = 'ACACIA1' AND b.reference = '4' AND ch.property_name = 'isWheelchairAccessible'")" = 1 ] ||
	fail "the bedspace is not stored with its attribute"
[ "$(e2e_sql -tA -c "SELECT count(*) FROM cas3_void_bedspace v JOIN cas3_bedspace b ON b.id = v.bedspace_id
     WHERE b.reference = '4' AND v.cancelled_at IS NOT NULL AND v.cancellation_notes = 'Cleaned early.'
       AND v.cost_centre = 'SUPPLIER'")" = 1 ] || fail "the void is not stored, cancelled"
[ "$(e2e_sql -tA -c "SELECT count(*) FROM cas3_void_bedspace v JOIN cas3_bedspace b ON b.id = v.bedspace_id
     WHERE b.reference = '4'")" = 1 ] || fail "the refused void was stored"

# region L's assessor sees only region L's premises
E2E_ROLE=hpt_ria
e2e_start
wait_for "Ria Patel"
keys a
wait_for "Premises and bedspaces"
press_until "Premises and bedspaces" Down
keys Enter
wait_for "Premises you may manage (2)"
not_shows "ACACIA1"
keys F10 y
wait_exit 0
echo "ok"
