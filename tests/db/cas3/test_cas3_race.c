/* test_cas3_race.c: 100 people book one bedspace at once: exactly one wins, 0 double bookings. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cas3_fixture.h"
#include "dbtest.h"
#include "store/cas3_store.h"

#define RACERS 100
#define RAW_RACERS 40

enum outcome { WON = 0, LOST = 1, WRONG = 2 };

static char *premises, *bedspace, *spare, *raw_bedspace;

static int setup(void **state)
{
	PGconn *c;

	(void)state;
	if (fx_setup("cas3race"))
		return -1;
	c = fx_connect(NULL);
	premises = fx_premises(c, "RACE", FX_PDU_K1, 2, "isSharedProperty");
	bedspace = fx_bedspace(c, premises, "1", "2026-01-01", "");
	spare = fx_bedspace(c, premises, "2", "2026-01-01", "");
	raw_bedspace = fx_bedspace(c, premises, "3", "2026-01-01", "");
	PQfinish(c);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(premises);
	free(bedspace);
	free(spare);
	free(raw_bedspace);
	fx_teardown();
	return 0;
}

/* Every racer connects, says it is ready, then waits for the start. */
struct gate {
	int ready[2];
	int go[2];
};

static void gate_open(struct gate *g)
{
	assert_int_equal(pipe(g->ready), 0);
	assert_int_equal(pipe(g->go), 0);
}

static void gate_wait(struct gate *g)
{
	char b = 'r';

	close(g->ready[0]);
	close(g->go[1]);
	if (write(g->ready[1], &b, 1) != 1)
		_exit(WRONG);
	/* returns 0 (EOF) when the parent closes its end: everyone starts */
	if (read(g->go[0], &b, 1) < 0)
		_exit(WRONG);
}

static void gate_release(struct gate *g, int n)
{
	char b;
	int i;

	close(g->ready[1]);
	close(g->go[0]);
	for (i = 0; i < n; i++)
		assert_int_equal(read(g->ready[0], &b, 1), 1);
	close(g->go[1]);
	close(g->ready[0]);
}

/* A racer: books bedspace for overlapping dates through the store. */
static void store_racer(struct gate *g, int i)
{
	struct cas3_booking_input in;
	struct strbuf err = STRBUF_INIT;
	char arrival[16], departure[16], crn[16];
	char *id = NULL, *next = NULL;
	enum ct_status rc;
	int outcome = WRONG;
	PGconn *c = dbtest_connect(fx.db, fx.hpt_k);

	if (!c)
		_exit(WRONG);
	/* every stay overlaps every other: all cover 2027-09-20 */
	snprintf(arrival, sizeof arrival, "2027-09-%02d", 1 + i % 19);
	snprintf(departure, sizeof departure, "2027-10-%02d", 1 + i % 28);
	snprintf(crn, sizeof crn, "R%06d", i);
	memset(&in, 0, sizeof in);
	in.bedspace_id = bedspace;
	in.crn = crn;
	in.person_name = "Racer";
	in.arrival_date = arrival;
	in.departure_date = departure;
	gate_wait(g);
	rc = cas3_booking_create(c, &in, NULL, &id, &next, &err);
	if (rc == CT_OK && id)
		outcome = WON;
	else if (rc == CT_CONFLICT && strstr(err.buf, "is no longer free from") && next &&
		 !strcmp(next, spare))
		outcome = LOST;
	else
		fprintf(stderr, "racer %d: status %d: %s (next %s)\n", i, rc, err.buf,
			next ? next : "none");
	free(id);
	free(next);
	sb_release(&err);
	PQfinish(c);
	_exit(outcome);
}

static void test_100_concurrent_bookings_exactly_one_wins(void **state)
{
	struct gate g;
	int i, status, won = 0, lost = 0, wrong = 0;
	pid_t pid;
	PGconn *owner;

	(void)state;
	gate_open(&g);
	fflush(NULL);
	for (i = 0; i < RACERS; i++) {
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0)
			store_racer(&g, i);
	}
	gate_release(&g, RACERS);
	while ((pid = wait(&status)) > 0) {
		if (!WIFEXITED(status))
			wrong++;
		else if (WEXITSTATUS(status) == WON)
			won++;
		else if (WEXITSTATUS(status) == LOST)
			lost++;
		else
			wrong++;
	}
	assert_int_equal(won, 1);
	assert_int_equal(lost, RACERS - 1);
	assert_int_equal(wrong, 0);

	owner = fx_connect(NULL);
	/* one booking, one occupancy row, and no two live ranges overlap anywhere */
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM cas3_booking WHERE bedspace_id = '%s'",
				bedspace), 1);
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM cas3_occupancy WHERE bedspace_id = '%s'",
				bedspace), 1);
	assert_int_equal(fx_num(owner,
		"SELECT count(*) FROM cas3_booking a JOIN cas3_booking b"
		" ON a.bedspace_id = b.bedspace_id AND a.id < b.id"
		" AND a.status <> 'cancelled' AND b.status <> 'cancelled'"
		" AND daterange(a.arrival_date, a.turnaround_end_date, '[]')"
		"  && daterange(b.arrival_date, b.turnaround_end_date, '[]')"), 0);
	/* the winner's event, and only the winner's */
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM outbox"
				" WHERE event_type = 'accommodation.cas3.booking.provisionally-made'"), 1);
	PQfinish(owner);
}

/* The constraint alone, without the store's lock: racers INSERT directly as
 * the HPT role.  Losers get 23P01 (or a deadlock victim's 40P01). */
static void raw_racer(struct gate *g, int i)
{
	char sql[512];
	PGconn *c = dbtest_connect(fx.db, fx.hpt_k);
	PGresult *r;
	const char *state;
	int outcome = WRONG;

	if (!c)
		_exit(WRONG);
	snprintf(sql, sizeof sql,
		 "INSERT INTO cas3_booking (bedspace_id, crn, arrival_date, departure_date)"
		 " VALUES ('%s', 'W%06d', '2027-11-%02d', '2027-12-%02d')",
		 raw_bedspace, i, 1 + i % 20, 1 + i % 25);
	PQclear(PQexec(c, "BEGIN"));
	gate_wait(g);
	r = PQexec(c, sql);
	if (PQresultStatus(r) == PGRES_COMMAND_OK) {
		PQclear(r);
		r = PQexec(c, "COMMIT");
		outcome = PQresultStatus(r) == PGRES_COMMAND_OK ? WON : WRONG;
	} else {
		state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		if (state && (!strcmp(state, "23P01") || !strcmp(state, "40P01")))
			outcome = LOST;
		else
			fprintf(stderr, "raw racer %d: %s", i, PQresultErrorMessage(r));
	}
	PQclear(r);
	PQfinish(c);
	_exit(outcome);
}

static void test_the_constraint_alone_refuses_racing_inserts(void **state)
{
	struct gate g;
	int i, status, won = 0, lost = 0, wrong = 0;
	pid_t pid;
	PGconn *owner;

	(void)state;
	gate_open(&g);
	fflush(NULL);
	for (i = 0; i < RAW_RACERS; i++) {
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0)
			raw_racer(&g, i);
	}
	gate_release(&g, RAW_RACERS);
	while ((pid = wait(&status)) > 0) {
		if (WIFEXITED(status) && WEXITSTATUS(status) == WON)
			won++;
		else if (WIFEXITED(status) && WEXITSTATUS(status) == LOST)
			lost++;
		else
			wrong++;
	}
	assert_int_equal(wrong, 0);
	assert_int_equal(won, 1);
	assert_int_equal(lost, RAW_RACERS - 1);
	owner = fx_connect(NULL);
	assert_int_equal(fx_num(owner, "SELECT count(*) FROM cas3_booking WHERE bedspace_id = '%s'",
				raw_bedspace), 1);
	PQfinish(owner);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_100_concurrent_bookings_exactly_one_wins),
		cmocka_unit_test(test_the_constraint_alone_refuses_racing_inserts),
	};

	if (!dbtest_available())
		return DBTEST_SKIP;
	return cmocka_run_group_tests(tests, setup, teardown);
}
