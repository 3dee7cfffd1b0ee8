/* typed.h - instantiate the file named by RNN_SELF for double and float.
 * See internal.h. */
#define REAL double
#define F(name) name##_d
#include RNN_SELF
#undef REAL
#undef F
#define REAL float
#define F(name) name##_s
#include RNN_SELF
#undef REAL
#undef F
