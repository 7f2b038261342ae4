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

uc_err oopsy_uc_remove_cache(uc_engine *uc, uint64_t begin, uint64_t end) {
    return uc_ctl_remove_cache(uc, begin, end);
}

uc_err oopsy_uc_set_cpu_model(uc_engine *uc, int model) {
    return uc_ctl_set_cpu_model(uc, model);
}
