#ifndef OOPSY_CUNICORN_HOOKS_H
#define OOPSY_CUNICORN_HOOKS_H
// Non-variadic front doors to uc_hook_add, whose C-variadic signature Swift cannot call.
#include <unicorn/unicorn.h>

/// Hooks accesses to unmapped or protected memory (`UC_HOOK_MEM_*_UNMAPPED`, `UC_HOOK_MEM_*_PROT`).
uc_err oopsy_uc_hook_mem_invalid(uc_engine *uc, uc_hook *hh, int type,
                                 uc_cb_eventmem_t callback, void *user_data,
                                 uint64_t begin, uint64_t end);

/// Hooks successful memory accesses (`UC_HOOK_MEM_READ`, `UC_HOOK_MEM_WRITE`, `UC_HOOK_MEM_FETCH`).
uc_err oopsy_uc_hook_mem_valid(uc_engine *uc, uc_hook *hh, int type,
                               uc_cb_hookmem_t callback, void *user_data,
                               uint64_t begin, uint64_t end);

/// Drops translated blocks of [begin, end) (uc_ctl is C-variadic too): new code written at an
/// address that was executed before must not run the old translation.
uc_err oopsy_uc_remove_cache(uc_engine *uc, uint64_t begin, uint64_t end);

/// Picks the emulated CPU (`UC_CPU_ARM64_MAX` has LSE atomics, PAC, MTE …); call right after
/// uc_open, before the first emulation.
uc_err oopsy_uc_set_cpu_model(uc_engine *uc, int model);

#endif
