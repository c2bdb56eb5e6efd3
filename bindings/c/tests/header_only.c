/* Compiles the public header alone as strict C11. */
#include "flex_sdk.h"

typedef int flex_header_only_c11;
