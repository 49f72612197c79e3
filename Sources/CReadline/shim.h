#ifndef RWB_CREADLINE_SHIM_H
#define RWB_CREADLINE_SHIM_H
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

/* Swift 6 refuses direct writes to C mutable globals; these setters are the way in. */
static inline void rwb_rl_set_completion(rl_completion_func_t *fn) { rl_attempted_completion_function = fn; }
static inline void rwb_rl_set_attempted_over(int value) { rl_attempted_completion_over = value; }
static inline void rwb_rl_set_basic_word_break(const char *chars) { rl_basic_word_break_characters = chars; }
static inline void rwb_rl_set_readline_name(const char *name) { rl_readline_name = name; }
static inline void rwb_rl_set_catch_signals(int value) { rl_catch_signals = value; }
static inline void rwb_rl_set_completion_append(int ch) { rl_completion_append_character = ch; }
static inline void rwb_rl_set_redisplay(rl_voidfunc_t *fn) { rl_redisplay_function = fn; }

/* Swift 6 also refuses reads of C mutable globals outside an isolation domain. */
static inline int rwb_rl_point(void) { return rl_point; }
static inline void rwb_rl_set_point(int value) { rl_point = value; }
static inline int rwb_rl_end(void) { return rl_end; }
static inline const char *rwb_rl_line_buffer(void) { return rl_line_buffer; }
#endif
