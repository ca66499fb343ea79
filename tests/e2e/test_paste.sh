#!/bin/bash
# test_paste.sh: bracketed paste.  A paste on a screen that takes none is
# said in the status line and never typed as keys (the "q" in it does not
# quit); in a form field it is one insertion; caseterm turns the mode off on
# the way out, by quitting and by SIGTERM, so a paste into the shell
# afterwards arrives without markers.  Also the F-keys of a text field.
. "$(dirname "$0")/lib.sh"

paste_text() {
	"${E2E_TMUX[@]}" set-buffer -b e2e -- "$1"
	"${E2E_TMUX[@]}" paste-buffer -p -b e2e -t "$E2E_SESSION"
}

# the shell after caseterm echoes a paste; markers would show as [200~
paste_reaches_shell_plain() {
	paste_text "$1"
	wait_for "$1"
	not_shows "200~"
}

e2e_db
e2e_staff pp "Zoë Ní Bhriain"

e2e_start
wait_for "Zoë Ní Bhriain"
paste_text $'q\rquit now\x1b[2J'
wait_for "Paste is not possible here"
not_shows "Quit caseterm"
shows "Zoë Ní Bhriain"
# the next key clears the message and works as usual
keys Down
wait_gone "Paste is not possible here"
keys F10 y
wait_exit 0
paste_reaches_shell_plain "afterquit"

# In a form field: one paste is one insertion (line breaks become spaces,
# escapes are dropped); F11, S-F1 (F13) and S-F2 (F14) stand in for C-w,
# C-u and C-k, and the ? help says so.
e2e_start form sample X320741
wait_for "1. About the person"
keys Enter
wait_for "Who is this referral for?"
keys Tab
wait_until "the cursor is in the first name" cursor_on "["
keys C-u
paste_text $'Mary\rAnne \x1b[31mSmith'
wait_until "the paste is in the field" cursor_on "[Mary Anne Smith"
keys F11
wait_until "F11 deleted a word" cursor_on "[Mary Anne "
keys Left Left S-F2
wait_until "S-F2 deleted to the end" cursor_on "[Mary Ann "
keys S-F1
wait_until "S-F1 deleted to the start" cursor_on "[ "
keys F1
wait_for "C-w, F11"
shows "C-u, F13"
shows "C-k, F14"
keys Escape
wait_gone "C-w, F11"
kill -TERM "$E2E_PID"
wait_exit 143
paste_reaches_shell_plain "afterterm"
echo "ok"
