/* domain.h: the domain module's public header.  Pure rules, no I/O, no SQL, no
 * curses: data in, decision out.  Others include this header only.
 *
 *  pni.h       programme needs identifier pathway (programmes_catalogue.md §2.2)
 *  workdays.h  working days and CAS3 turnaround (accommodation.md §1.5, §1.9)
 *  booking.h   CAS3 booking state machine and date rules (accommodation.md §1.4)
 *  referral.h  Refer and Monitor referral state (interventions.md §1.6, §2.8)
 *  reasons.h   the list of reasons in words that rules hand back
 */
#ifndef CASETERM_DOMAIN_H
#define CASETERM_DOMAIN_H

#include "domain/reasons.h"
#include "domain/workdays.h"
#include "domain/booking.h"
#include "domain/pni.h"
#include "domain/referral.h"

#endif
