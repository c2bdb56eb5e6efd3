// Compiles the public header alone as strict C++17.
#include "flex_sdk.h"

using flex_header_only_cxx17 = int;
