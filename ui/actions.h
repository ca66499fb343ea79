/* actions.h: the one list of user actions and of keymap sections.  The
 * X-macros generate the enums, the names used in config/keymap.yaml and the
 * text of the `?` help, so the three can never disagree (tig REQ_INFO).
 *
 * To add an action: add one line to UI_ACTION_LIST, give it default keys in
 * ui/keymap.c (defaults[]) and config/keymap.yaml, and handle it in a screen's
 * key callback.  To add a keymap section for a new screen: add one line to
 * UI_SECTION_LIST and set .section in the screen's screen_ops.
 * No curses here. */
#ifndef CASETERM_UI_ACTIONS_H
#define CASETERM_UI_ACTIONS_H

/* _(ENUM, "keymap-name", "help text") */
#define UI_ACTION_LIST(_)                                                        \
	_(QUIT, "quit", "Quit caseterm")                                         \
	_(BACK, "back", "Go back")                                               \
	_(HELP, "help", "Show the keys of this screen")                          \
	_(REDRAW, "redraw", "Redraw the whole screen")                           \
	_(UP, "up", "Move up")                                                   \
	_(DOWN, "down", "Move down")                                             \
	_(LEFT, "left", "Move left")                                             \
	_(RIGHT, "right", "Move right")                                          \
	_(PAGE_UP, "page-up", "Move up one page")                                \
	_(PAGE_DOWN, "page-down", "Move down one page")                          \
	_(FIRST, "first", "Go to the first item")                                \
	_(LAST, "last", "Go to the last item")                                   \
	_(SELECT, "select", "Open the selected item")                            \
	_(NEXT_FIELD, "next-field", "Move to the next item or field")            \
	_(PREV_FIELD, "prev-field", "Move to the previous item or field")        \
	_(SEARCH, "search", "Search")                                            \
	_(LINE_START, "line-start", "Text field: go to the start of the line")   \
	_(LINE_END, "line-end", "Text field: go to the end of the line")         \
	_(DELETE_WORD, "delete-word", "Text field: delete the word before the cursor") \
	_(DELETE_TO_START, "delete-to-start", "Text field: delete to the start of the line") \
	_(DELETE_TO_END, "delete-to-end", "Text field: delete to the end of the line") \
	_(REFRESH, "refresh", "Read the data again from the database")           \
	_(YES, "yes", "Answer yes")                                              \
	_(NO, "no", "Answer no")                                                 \
	_(OPEN_REFERRALS, "open-referrals", "Open Referrals")                    \
	_(OPEN_CATALOGUE, "open-catalogue", "Open the Catalogue")                \
	_(OPEN_SUPPLIER, "open-supplier", "Open Supplier work")                  \
	_(OPEN_ACCOMMODATION, "open-accommodation", "Open Accommodation")        \
	_(OPEN_REPORTS, "open-reports", "Open Reports")                          \
	_(OPEN_HELP, "open-help", "Open Help: every key, and about caseterm")   \
	_(EXPORT, "export", "Save what is shown as a CSV file")                 \
	_(NEXT_TAB, "next-tab", "Show the next tab")                             \
	_(PREV_TAB, "prev-tab", "Show the previous tab")                         \
	_(ALLOCATE, "allocate", "Allocate the referral to me")                   \
	_(TO_UNALLOCATED, "to-unallocated", "Move the referral back to Unallocated") \
	_(TO_IN_REVIEW, "to-in-review", "Move the referral to In review")        \
	_(TO_READY, "to-ready", "Move the referral to Ready to place")           \
	_(TO_ARCHIVED, "to-archived", "Close the referral (Archived)")           \
	_(REJECT, "reject", "Reject the referral, with a reason")                \
	_(ADD_NOTE, "add-note", "Add a note")                                    \
	_(PLACE, "place", "Search bedspaces to place this person")               \
	_(BOOK, "book", "Book the selected bedspace provisionally")              \
	_(OPEN_GRID, "open-grid", "Open the availability grid")                  \
	_(OPEN_BOOKING, "open-booking", "Open the booking")                      \
	_(NEXT_WEEK, "next-week", "Show the next week")                          \
	_(PREV_WEEK, "prev-week", "Show the previous week")                      \
	_(TODAY, "today", "Go back to today")                                    \
	_(CONFIRM_BOOKING, "confirm-booking", "Mark the booking as confirmed")   \
	_(MARK_ARRIVED, "mark-arrived", "Mark the person as arrived (active)")   \
	_(MARK_DEPARTED, "mark-departed", "Mark the person as departed")         \
	_(EXTEND, "extend", "Extend or shorten the booking")                     \
	_(OVERSTAY, "overstay", "Record an overstay (more than 84 nights)")      \
	_(CANCEL_BOOKING, "cancel-booking", "Cancel the booking, with a reason") \
	_(CHANGE_TURNAROUND, "change-turnaround", "Change the turnaround time")  \
	_(CHANGE_DATES, "change-dates", "Change the release and needed-from dates") \
	_(SAVE_CONTINUE, "save-continue", "Save and continue: check this page, then go on") \
	_(ADD_ITEM, "add-item", "Add another item to the list the cursor is in") \
	_(REMOVE_ITEM, "remove-item", "Remove the list item the cursor is in") \
	_(RETRY, "retry", "Try the look-ups (nDelius, OASys) again") \
	_(CHECK_ANSWERS, "check-answers", "Go to Check your answers") \
	_(CONFIRM_TEXT, "confirm-text", "Confirm pre-filled text as shown") \
	_(REMOVE_TEXT, "remove-text", "Remove pre-filled text so it is not shared") \
	_(RESTORE_TEXT, "restore-text", "Put the pre-filled text back as it came") \
	_(KEEP_COPY, "keep-copy", "Keep your answers as a new draft (after a conflict)") \
	_(OPEN_DRAFTS, "open-drafts", "Open your drafts to resume or delete them") \
	_(DELETE, "delete", "Delete the selected item (asks first)") \
	_(CAT_MARK, "mark", "Mark or unmark the entry for comparison (up to 4)") \
	_(CAT_COMPARE, "compare", "Compare the marked entries side by side") \
	_(CAT_FILTERS, "filters", "Show or hide the filters") \
	_(CAT_CLEAR_FILTERS, "clear-filters", "Clear the search and every filter") \
	_(CAT_SORT, "sort", "Sort by relevance, name, type or eligibility")     \
	_(CAT_PERSON, "person", "Enter a CRN to see who is eligible")           \
	_(EXPORT_TEXT, "export-text", "Export as plain text to a file")         \
	_(EXPORT_CSV, "export-csv", "Export as CSV to a file") \
	_(ADD, "add", "Add one to the list shown") \
	_(EDIT, "edit", "Change the selected one") \
	_(EDIT_THIS, "edit-this", "Change the premises or bedspace shown") \
	_(CANCEL_VOID, "cancel-void", "Cancel the selected void") \
	_(ORDER, "order", "Change the order (date received, newest or oldest first)") \
	_(ASSIGN, "assign", "Assign a caseworker") \
	_(SCHEDULE, "schedule", "Book or reschedule the selected appointment") \
	_(RECORD_FEEDBACK, "record-feedback", "Record attendance and feedback") \
	_(ACTION_PLAN, "action-plan", "Write and submit the action plan") \
	_(END_OF_SERVICE, "end-of-service", "Write the end-of-service report") \
	_(APPROVE, "approve", "Approve the action plan") \
	_(MARK_SEEN, "mark-seen", "Mark the flagged appointment as seen") \
	_(START_REFERRAL, "start-referral", "Start a referral for one of the entries") \
	_(FILTER, "filter", "Change which ones are shown (status)")             \
	_(SORT_REFERRALS, "sort-referrals", "Sort by date sent, last change or person") \
	_(AMEND, "amend", "Change the referral's details, with a reason")        \
	_(WITHDRAW, "withdraw", "Withdraw the referral, with a reason")          \
	_(SHOW_ORIGINAL, "show-original", "Show or hide the original OASys text")

/* _(ENUM, "keymap-section", "what it covers")  GLOBAL must stay first. */
#define UI_SECTION_LIST(_)                                                       \
	_(GLOBAL, "global", "Keys everywhere")                                   \
	_(HOME, "home", "Home screen")                                           \
	_(AREA, "area", "Area screens not built yet")                            \
	_(HELP_SCREEN, "help", "Help screen")                                    \
	_(HELP_OVERLAY, "help-overlay", "Help overlay")                          \
	_(DIALOG, "dialog", "Questions such as Quit caseterm? y/n")              \
	_(TEXT_FIELD, "text-field", "Text fields, while typing (ui/edit.h)")     \
	_(REPORTS, "reports", "Report screens")                                  \
	_(CAS3_QUEUE, "cas3-queue", "Accommodation: assessment queue")            \
	_(CAS3_ASSESSMENT, "cas3-assessment", "Accommodation: one referral")      \
	_(CAS3_SEARCH, "cas3-search", "Accommodation: bedspace search and results") \
	_(CAS3_GRID, "cas3-grid", "Accommodation: availability grid")             \
	_(CAS3_BOOKING, "cas3-booking", "Accommodation: bookings") \
	_(FORM, "form", "Forms: pages of fields, check your answers") \
	_(DRAFTS, "drafts", "Your drafts") \
	_(CATALOGUE, "catalogue", "Catalogue: list, details and comparison") \
	_(CAS3_ESTATE, "cas3-estate", "Accommodation: premises, bedspaces and voids") \
	_(REFER, "refer", "Make a referral: CRN, person, intervention") \
	_(SUPPLIER_DASHBOARD, "supplier-dashboard", "Supplier work: referrals") \
	_(SUPPLIER_REFERRAL, "supplier-referral", "A referral's delivery") \
	_(ATTENTION, "attention", "Referrals: need your attention")                 \
	_(REFERRAL_LIST, "referral-list", "My referrals, and those needing attention") \
	_(REFERRAL_DETAIL, "referral-detail", "One referral: summary, timeline, details, risk, notes")

enum ui_action {
	ACT_NONE = 0,
#define UI_ACTION_ENUM(e, name, help) ACT_##e,
	UI_ACTION_LIST(UI_ACTION_ENUM)
#undef UI_ACTION_ENUM
	ACT_COUNT
};

enum ui_section {
#define UI_SECTION_ENUM(e, name, help) SEC_##e,
	UI_SECTION_LIST(UI_SECTION_ENUM)
#undef UI_SECTION_ENUM
	SEC_COUNT
};

/* Static strings; "" for ACT_NONE or out of range. */
const char *action_name(enum ui_action a);
const char *action_help(enum ui_action a);
/* Returns the action named name (as in keymap.yaml), or ACT_NONE. */
enum ui_action action_from_name(const char *name);

const char *section_name(enum ui_section s);
const char *section_help(enum ui_section s);
/* Returns the section, or SEC_COUNT when name is unknown. */
enum ui_section section_from_name(const char *name);

#endif
