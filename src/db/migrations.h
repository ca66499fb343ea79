/* migrations.h: the schema migrations compiled into this binary. */
#ifndef CASETERM_MIGRATIONS_H
#define CASETERM_MIGRATIONS_H

struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration migrations[];
extern const int migrations_count;

#endif
