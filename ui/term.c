/* term.c: ncursesw set-up and restore, the signal flags, the input loop
 * (blocking poll on the terminal and a self-pipe; no input timeouts) and
 * the curses canvas.  The only file under ui/ that includes curses. */
#include "ui/term.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "ui/canvas.h"
#include "ui/paste.h"

/* Bracketed paste (xterm mode 2004): on while caseterm has the terminal,
 * off on every way out (term_close, and around a Ctrl-Z suspension). */
#define PASTE_ON "\033[?2004h"
#define PASTE_OFF "\033[?2004l"
/* The curses key codes the paste markers are reported as (define_key):
 * free codes above KEY_MAX, since the terminfo's own extended keys (kDC5,
 * kUP3...) take some there. */
static int key_paste_begin = -1, key_paste_finish = -1;

/* Signal handlers only set these and write a byte to the self-pipe. */
static volatile sig_atomic_t sig_winch, sig_int, sig_end;
static int wake_pipe[2] = {-1, -1};

static const int handled[] = {SIGWINCH, SIGINT, SIGHUP, SIGTERM};
#define N_HANDLED (sizeof handled / sizeof handled[0])

struct term {
	SCREEN *scr;
	WINDOW *input; /* a 1x1 pad: reading keys from it never refreshes a window */
	struct sigaction old[N_HANDLED];
	attr_t attr[ROLE_COUNT];
	short pair[ROLE_COUNT];
	bool colors;
	struct sigaction old_tstp; /* curses' own SIGTSTP handler */
	bool tstp_wrapped;
	struct paste_dec paste;
	struct ui *ui; /* while term_loop runs: where keys and pastes go */
};

static struct sigaction curses_tstp;

static void put_raw(const char *s)
{
	size_t n = strlen(s);
	ssize_t r;

	while (n > 0) {
		r = write(STDOUT_FILENO, s, n);
		if (r <= 0)
			return; /* the terminal is gone: nothing to restore */
		s += r;
		n -= (size_t)r;
	}
}

/* Ctrl-Z: the shell the user returns to must not get pastes wrapped in
 * markers, so the mode is off while suspended.  curses' handler (saved in
 * curses_tstp) does the rest and returns once the process is continued. */
static void on_tstp(int signo)
{
	int saved = errno;

	put_raw(PASTE_OFF);
	if (curses_tstp.sa_flags & SA_SIGINFO) {
		curses_tstp.sa_sigaction(signo, NULL, NULL);
	} else if (curses_tstp.sa_handler != SIG_DFL && curses_tstp.sa_handler != SIG_IGN &&
		   curses_tstp.sa_handler != on_tstp) {
		curses_tstp.sa_handler(signo);
	} else {
		sigset_t set;

		sigemptyset(&set);
		sigaddset(&set, SIGTSTP);
		signal(SIGTSTP, SIG_DFL);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		raise(SIGTSTP); /* stops here until SIGCONT */
		sigprocmask(SIG_BLOCK, &set, NULL);
		signal(SIGTSTP, on_tstp);
	}
	put_raw(PASTE_ON);
	errno = saved;
}

static void on_signal(int signo)
{
	int saved = errno;
	ssize_t r;

	if (signo == SIGWINCH)
		sig_winch = 1;
	else if (signo == SIGINT)
		sig_int = 1;
	else
		sig_end = signo;
	if (wake_pipe[1] >= 0) {
		r = write(wake_pipe[1], "", 1);
		(void)r;
	}
	errno = saved;
}

static void close_pipe(void)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (wake_pipe[i] >= 0)
			close(wake_pipe[i]);
		wake_pipe[i] = -1;
	}
}

static int open_pipe(void)
{
	int i;

	if (pipe(wake_pipe))
		return -1;
	for (i = 0; i < 2; i++) {
		fcntl(wake_pipe[i], F_SETFL, fcntl(wake_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(wake_pipe[i], F_SETFD, FD_CLOEXEC);
	}
	return 0;
}

static void restore_signals(struct term *t)
{
	size_t i;

	for (i = 0; i < N_HANDLED; i++)
		sigaction(handled[i], &t->old[i], NULL);
}

/* The key code curses reports seq as: its own if the terminfo has one, else
 * the first unbound code from `from`, given to it.  -1 if none. */
static int marker_code(const char *seq, int from)
{
	int code = key_defined(seq), c;

	if (code > 0)
		return code;
	for (c = from > KEY_MAX ? from : KEY_MAX + 1; c < KEY_MAX + 2000; c++) {
		char *bound = keybound(c, 0);

		if (!bound)
			return define_key(seq, c) == OK ? c : -1;
		free(bound);
	}
	return -1;
}

struct term *term_open(struct strbuf *err)
{
	struct term *t;
	struct sigaction sa;
	size_t i;
	int r;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		sb_adds(err, "the terminal interface needs a terminal on standard input and output; "
			     "for scripts use a command such as 'caseterm check'");
		return NULL;
	}
	t = calloc(1, sizeof *t);
	if (!t) {
		sb_adds(err, "out of memory");
		return NULL;
	}
	if (open_pipe()) {
		sb_addf(err, "cannot create a pipe: %s", strerror(errno));
		free(t);
		return NULL;
	}
	sig_winch = sig_int = sig_end = 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: poll() returns at once */
	/* installed before newterm() so that curses leaves these signals to us */
	for (i = 0; i < N_HANDLED; i++)
		sigaction(handled[i], &sa, &t->old[i]);
	t->scr = newterm(NULL, stdout, stdin);
	if (!t->scr) {
		const char *term = getenv("TERM");

		sb_addf(err, "cannot use the terminal type '%s'", term ? term : "(TERM is not set)");
		restore_signals(t);
		close_pipe();
		free(t);
		return NULL;
	}
	set_term(t->scr);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	leaveok(stdscr, FALSE);
	set_escdelay(25);
	r = curs_set(1); /* the cursor stays visible: it shows the focused item */
	(void)r;
	t->input = newpad(1, 1);
	if (t->input) {
		keypad(t->input, TRUE);
		nodelay(t->input, TRUE);
	}
	/* bracketed paste: the markers become two key codes */
	key_paste_begin = marker_code("\033[200~", KEY_MAX + 1);
	key_paste_finish = marker_code("\033[201~", key_paste_begin + 1);
	fflush(stdout);
	put_raw(PASTE_ON);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_tstp;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTSTP, NULL, &curses_tstp) == 0 && curses_tstp.sa_handler != SIG_IGN &&
	    sigaction(SIGTSTP, &sa, &t->old_tstp) == 0)
		t->tstp_wrapped = true;
	t->colors = has_colors();
	for (i = 0; i < ROLE_COUNT; i++) {
		t->attr[i] = A_NORMAL;
		t->pair[i] = 0;
	}
	if (!t->input) {
		sb_adds(err, "cannot set up keyboard input");
		term_close(&t);
		return NULL;
	}
	return t;
}

bool term_has_colors(const struct term *t)
{
	return t->colors;
}

static attr_t to_attr(unsigned a)
{
	attr_t r = A_NORMAL;

	if (a & TA_BOLD)
		r |= A_BOLD;
	if (a & TA_DIM)
		r |= A_DIM;
	if (a & TA_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & TA_REVERSE)
		r |= A_REVERSE;
	if (a & TA_STANDOUT)
		r |= A_STANDOUT;
#ifdef A_ITALIC
	if (a & TA_ITALIC)
		r |= A_ITALIC;
#endif
	return r;
}

static short fit_colour(short c, bool defaults, short fallback)
{
	if (c < 0)
		return defaults ? -1 : fallback;
	if (c >= COLORS)
		return (short)(COLORS >= 8 ? c % 8 : fallback);
	return c;
}

void term_apply_theme(struct term *t, const struct theme *th)
{
	bool defaults;
	int r;

	for (r = 0; r < ROLE_COUNT; r++) {
		t->attr[r] = to_attr(th->role[r].attrs);
		t->pair[r] = 0;
	}
	if (th->monochrome || !t->colors) {
		wbkgdset(stdscr, ' ' | t->attr[ROLE_NORMAL]);
		return; /* NO_COLOR: colour is never even started */
	}
	if (start_color() != OK)
		return;
	defaults = use_default_colors() == OK;
	for (r = 0; r < ROLE_COUNT && r + 1 < COLOR_PAIRS; r++) {
		short fg = th->role[r].fg, bg = th->role[r].bg;

		if (fg < 0 && bg < 0 && defaults)
			continue; /* pair 0: the terminal's own colours, no colour codes */
		fg = fit_colour(fg, defaults, COLOR_WHITE);
		bg = fit_colour(bg, defaults, COLOR_BLACK);
		if (init_pair((short)(r + 1), fg, bg) == OK)
			t->pair[r] = (short)(r + 1);
	}
	wbkgdset(stdscr, ' ' | t->attr[ROLE_NORMAL] | COLOR_PAIR(t->pair[ROLE_NORMAL]));
}

/* ---- the curses canvas ---- */

static void curses_text(void *ctx, int y, int x, enum theme_role role, unsigned attrs,
			const char *s, size_t len)
{
	struct term *t = ctx;

	wattr_set(stdscr, t->attr[role] | to_attr(attrs), t->pair[role], NULL);
	mvwaddnstr(stdscr, y, x, s, (int)len);
	wattr_set(stdscr, A_NORMAL, 0, NULL);
}

static void curses_glyph(void *ctx, int y, int x, enum ui_glyph g, int n, enum theme_role role)
{
	struct term *t = ctx;
	const cchar_t *src;
	wchar_t wch[CCHARW_MAX + 1] = {0};
	attr_t a = 0;
	short p = 0;
	cchar_t cc;

	switch (g) {
	case GL_HLINE:
		src = WACS_HLINE;
		break;
	case GL_VLINE:
		src = WACS_VLINE;
		break;
	case GL_ULCORNER:
		src = WACS_ULCORNER;
		break;
	case GL_URCORNER:
		src = WACS_URCORNER;
		break;
	case GL_LLCORNER:
		src = WACS_LLCORNER;
		break;
	default:
		src = WACS_LRCORNER;
		break;
	}
	if (getcchar(src, wch, &a, &p, NULL) == ERR)
		return;
	if (setcchar(&cc, wch, a | t->attr[role], t->pair[role], NULL) == ERR)
		return;
	if (g == GL_HLINE)
		mvwhline_set(stdscr, y, x, &cc, n);
	else if (g == GL_VLINE)
		mvwvline_set(stdscr, y, x, &cc, n);
	else
		mvwadd_wch(stdscr, y, x, &cc);
}

static const struct ui_canvas_ops curses_ops = {curses_text, curses_glyph};

/* ---- the loop ---- */

static ui_key map_key(int r, wint_t wch)
{
	if (r == KEY_CODE_YES && key_paste_begin > 0 && (int)wch == key_paste_begin)
		return UIK_PASTE_START;
	if (r == KEY_CODE_YES && key_paste_finish > 0 && (int)wch == key_paste_finish)
		return UIK_PASTE_END;
	if (r == KEY_CODE_YES) {
		switch (wch) {
		case KEY_UP:
			return UIK_UP;
		case KEY_DOWN:
			return UIK_DOWN;
		case KEY_LEFT:
			return UIK_LEFT;
		case KEY_RIGHT:
			return UIK_RIGHT;
		case KEY_HOME:
			return UIK_HOME;
		case KEY_END:
			return UIK_END;
		case KEY_PPAGE:
			return UIK_PAGE_UP;
		case KEY_NPAGE:
			return UIK_PAGE_DOWN;
		case KEY_IC:
			return UIK_INSERT;
		case KEY_DC:
			return UIK_DELETE;
		case KEY_BACKSPACE:
			return UIK_BACKSPACE;
		case KEY_BTAB:
			return UIK_BTAB;
		case KEY_ENTER:
			return UIK_ENTER;
		case KEY_RESIZE:
			return UIK_RESIZE;
		default:
			if (wch > KEY_F0 && wch <= (wint_t)KEY_F(24))
				return UIK_F((int)(wch - KEY_F0));
			return UIK_NONE;
		}
	}
	switch (wch) {
	case '\r':
	case '\n':
		return UIK_ENTER;
	case 127:
	case 8:
		return UIK_BACKSPACE;
	default:
		return wch <= 0x10ffff ? (ui_key)wch : UIK_NONE;
	}
}

static void update_size(struct ui *ui)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0 &&
	    (ws.ws_row != LINES || ws.ws_col != COLS))
		resizeterm(ws.ws_row, ws.ws_col);
	ui_resize(ui, LINES, COLS);
}

/* Paints what changed and puts the cursor on the focused item.  Everything
 * goes out in one doupdate(), which writes only the cells that differ. */
static void show(struct term *t, struct ui *ui)
{
	struct ui_canvas c;
	bool full;
	int y, x;

	if (ui_dirty(ui, &full)) {
		if (full)
			clearok(curscr, TRUE);
		werase(stdscr);
		c = cv_root(&curses_ops, t, LINES, COLS, ui_linear(ui));
		ui_paint(ui, &c);
	}
	ui_cursor(ui, &y, &x);
	wmove(stdscr, y, x);
	wnoutrefresh(stdscr);
	doupdate();
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sink_key(void *ctx, ui_key k)
{
	struct term *t = ctx;

	ui_handle_key(t->ui, k);
}

static void sink_paste(void *ctx, const char *text, size_t len)
{
	struct term *t = ctx;

	ui_handle_paste(t->ui, text, len);
}

/* Reads and handles every key waiting (a paste is collected whole by
 * t->paste and handled once).  Returns how many there were. */
static int read_keys(struct term *t, struct ui *ui)
{
	wint_t wch;
	int r, n = 0;
	ui_key k;

	while (!sig_end && !ui_done(ui, NULL)) {
		r = wget_wch(t->input, &wch);
		if (r == ERR)
			break;
		n++;
		k = map_key(r, wch);
		if (k == UIK_RESIZE)
			update_size(ui);
		else if (k != UIK_NONE || paste_active(&t->paste))
			paste_feed(&t->paste, k, now_ms());
		if (sig_winch || sig_int)
			break;
	}
	paste_idle(&t->paste, now_ms());
	return n;
}

/* The poll timeout: the shell's timers, and a paste or marker waiting. */
static int next_timeout(struct term *t, struct ui *ui)
{
	int a = ui_next_timeout(ui), b = paste_timeout(&t->paste, now_ms());

	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

/* A worker thread finished (ui_async_start): wake poll().  write() is
 * async-signal-safe and thread-safe; a full pipe already means "awake". */
static void wake_loop(void *arg)
{
	ssize_t r;

	(void)arg;
	if (wake_pipe[1] >= 0)
		r = write(wake_pipe[1], "w", 1);
	(void)r;
}

int term_loop(struct term *t, struct ui *ui)
{
	struct pollfd fds[2];
	int status, empty = 0;
	char drain[64];

	t->ui = ui;
	paste_init(&t->paste, &(struct paste_sink){sink_key, sink_paste, t});
	update_size(ui);
	ui_set_waker(ui, wake_loop, NULL);
	for (;;) {
		if (sig_end) {
			ui_terminate(ui, sig_end);
			break;
		}
		if (sig_int) {
			sig_int = 0;
			ui_request_quit(ui);
		}
		if (sig_winch) {
			sig_winch = 0;
			update_size(ui);
		}
		if (ui_done(ui, NULL))
			break;
		show(t, ui);
		fds[0] = (struct pollfd){.fd = STDIN_FILENO, .events = POLLIN};
		fds[1] = (struct pollfd){.fd = wake_pipe[0], .events = POLLIN};
		if (poll(fds, 2, next_timeout(t, ui)) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			ui_terminate(ui, SIGHUP);
			break;
		}
		if (fds[1].revents & POLLIN)
			while (read(wake_pipe[0], drain, sizeof drain) > 0)
				;
		/* finished look-ups and due timers (drafts saved every 10 s) */
		ui_run_due(ui);
		if (!fds[0].revents) {
			paste_idle(&t->paste, now_ms()); /* a paste that never ended */
			continue;
		}
		if (read_keys(t, ui)) {
			empty = 0;
			continue;
		}
		/* readable but nothing to read: the terminal hung up */
		if ((fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) || ++empty > 50) {
			ui_terminate(ui, SIGHUP);
			break;
		}
	}
	ui_set_waker(ui, NULL, NULL);
	paste_release(&t->paste);
	t->ui = NULL;
	ui_done(ui, &status);
	return status;
}

void term_close(struct term **tp)
{
	struct term *t;

	if (!tp || !*tp)
		return;
	t = *tp;
	if (t->input)
		delwin(t->input);
	fflush(stdout);
	put_raw(PASTE_OFF);
	if (t->tstp_wrapped)
		sigaction(SIGTSTP, &t->old_tstp, NULL);
	endwin();
	delscreen(t->scr);
	restore_signals(t);
	close_pipe();
	free(t);
	*tp = NULL;
}
