#ifndef CHAINTOP_CNCURSESW_SHIM_H
#define CHAINTOP_CNCURSESW_SHIM_H

// SwiftPM drops pkg-config's -D flags: turn on the wide-character API here, before the header.
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <wchar.h>

// Swift 6 rejects C globals and cannot import function-like macros: small inline shims.
static inline WINDOW *ct_stdscr(void) { return stdscr; }
static inline FILE *ct_stdout(void) { return stdout; }
static inline FILE *ct_stdin(void) { return stdin; }
static inline const char *ct_codeset(void) { return nl_langinfo(CODESET); }
static inline int ct_lines(void) { return LINES; }
static inline int ct_cols(void) { return COLS; }
static inline int ct_colors(void) { return COLORS; }
static inline int ct_color_pairs(void) { return COLOR_PAIRS; }
static inline void ct_getmaxyx(WINDOW *w, int *y, int *x) { int yy, xx; getmaxyx(w, yy, xx); *y = yy; *x = xx; }

static inline attr_t ct_a_normal(void) { return A_NORMAL; }
static inline attr_t ct_a_bold(void) { return A_BOLD; }
static inline attr_t ct_a_reverse(void) { return A_REVERSE; }
static inline attr_t ct_a_underline(void) { return A_UNDERLINE; }
static inline attr_t ct_a_dim(void) { return A_DIM; }

static inline int ct_key_resize(void) { return KEY_RESIZE; }
static inline int ct_key_mouse(void) { return KEY_MOUSE; }
static inline int ct_key_f(int n) { return KEY_F(n); }

static inline mmask_t ct_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t ct_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t ct_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t ct_button4_pressed(void) { return BUTTON4_PRESSED; }
#ifdef BUTTON5_PRESSED
static inline mmask_t ct_button5_pressed(void) { return BUTTON5_PRESSED; }
#else
static inline mmask_t ct_button5_pressed(void) { return 0; }
#endif
static inline mmask_t ct_all_mouse_events(void) { return ALL_MOUSE_EVENTS; }

/// Writes one cell: a wide character with attributes and an extended colour pair (pairs above 255).
static inline int ct_put_cell(int y, int x, const wchar_t *text, attr_t attrs, int pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, 0, &pair) != OK) return ERR;
    return mvwadd_wch(stdscr, y, x, &cell);
}

/// The terminal's own RGB capability (terminfo "RGB"), for direct colour.
static inline int ct_has_rgb(void) {
    int v = tigetflag("RGB");
    return v > 0;
}
/// The terminal can put the cursor anywhere (terminfo "cup"): what a full-screen program needs.
/// TERM=dumb and printing terminals cannot, and would show one frozen line.
static inline int ct_can_address_cursor(void) {
    const char *cup = tigetstr("cup");
    return cup != NULL && cup != (const char *)-1;
}
#endif
