#!/bin/bash
# test_paste.sh: bracketed paste.  A paste on a screen that takes none is
# said in the status line and never typed as keys (the "q" in it does not
# quit); caseterm turns the mode off on the way out, by quitting and by
# SIGTERM, so a paste into the shell afterwards arrives without markers.
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

e2e_start
wait_for "Zoë Ní Bhriain"
kill -TERM "$E2E_PID"
wait_exit 143
paste_reaches_shell_plain "afterterm"
echo "ok"
