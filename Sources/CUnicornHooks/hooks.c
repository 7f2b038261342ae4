#include "CUnicornHooks.h"

uc_err oopsy_uc_hook_mem_invalid(uc_engine *uc, uc_hook *hh, int type,
                                 uc_cb_eventmem_t callback, void *user_data,
                                 uint64_t begin, uint64_t end) {
    return uc_hook_add(uc, hh, type, (void *)callback, user_data, begin, end);
}

uc_err oopsy_uc_hook_mem_valid(uc_engine *uc, uc_hook *hh, int type,
                               uc_cb_hookmem_t callback, void *user_data,
                               uint64_t begin, uint64_t end) {
    return uc_hook_add(uc, hh, type, (void *)callback, user_data, begin, end);
}
