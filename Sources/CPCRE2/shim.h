// PCRE2 picks its code-unit width from this macro; oopsy matches bytes (8-bit).
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
