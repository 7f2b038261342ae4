#compdef oopsy

__oopsy_complete() {
    local -ar non_empty_completions=("${@:#(|:*)}")
    local -ar empty_completions=("${(M)@:#(|:*)}")
    _describe -V '' non_empty_completions -- empty_completions -P $'\'\''
}

__oopsy_custom_complete() {
    local -a completions
    completions=("${(@f)"$("${command_name}" "${@}" "${command_line[@]}")"}")
    if [[ "${#completions[@]}" -gt 1 ]]; then
        __oopsy_complete "${completions[@]:0:-1}"
    fi
}

__oopsy_cursor_index_in_current_word() {
    if [[ -z "${QIPREFIX}${IPREFIX}${PREFIX}" ]]; then
        printf 0
    else
        printf %s "${#${(z)LBUFFER}[-1]}"
    fi
}

_oopsy() {
    emulate -RL zsh -G
    setopt extendedglob nullglob numericglobsort
    unsetopt aliases banghist

    local -xr SAP_SHELL=zsh
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(builtin emulate zsh -c 'printf %s "${ZSH_VERSION}"')"
    local -r SAP_SHELL_VERSION

    local context state state_descr line
    local -A opt_args

    local -r command_name="${words[1]}"
    local -ar command_line=("${words[@]}")
    local -ir current_word_index="$((CURRENT - 1))"

    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'analyze:Find and diagnose every crash report in the inputs (the default command).'
            'report:Write the diagnosis of every report in a log as Markdown for a bug tracker (or --plain for a mailing list).'
            'triage:Analyze many logs on every core and group the reports into distinct crashes.'
            'merge:Merge '\''oopsy triage --format jsonl'\'' outputs into one triage.'
            'replay:Disassemble the Code: window of each arm64 report and replay the faulting instruction.'
            'esr:Decode arm64 ESR_ELx values.'
            'model:Inspect the DMA-IOMMU model: scenarios, emulated oopses, struct layouts.'
            'reproduce:Re-create a diagnosed DMA-IOMMU crash on a real Debian arm64 kernel under QEMU (the kernel lab).'
            'help:Show subcommand help information.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        analyze|report|triage|merge|replay|esr|model|reproduce|help)
            "_oopsy_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_oopsy_analyze() {
    local -i ret=1
    local -ar ___format=('text' 'json' 'jsonl' 'markdown')
    local -ar ___color=('auto' 'always' 'never')
    local -ar arg_specs=(
        '*:files:_files'
        '(--format -f)'{--format,-f}'[Output format\: text, json (one document per input), jsonl (one report per line) or markdown.]:format:{__oopsy_complete "${___format[@]}"}'
        '--color[Colour\: auto (only on a terminal, never with NO_COLOR set), always or never.]:color:{__oopsy_complete "${___color[@]}"}'
        '--width[Wrap text at N columns (default\: the terminal'\''s width, else COLUMNS, else 100).]:width:'
        '--full[Show every frame of a call trace\: also the kernel'\''s own crash-reporting frames (dump_stack, kasan_report, __warn, exception entry) and unreliable '\''?'\'' frames, which text and Markdown leave out by default.]'
        '--no-decode[Skip decoding, disassembly and replay of the arm64 state.]'
        '--no-diagnose[Skip diagnosis (generic rules and kernel models).]'
        '--exit-zero[Exit 0 whenever the run completed, reports found or inputs unreadable (usage errors and unwritable output still fail).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_oopsy_report() {
    local -i ret=1
    local -ar arg_specs=(
        ':file:_files'
        '--plain[Plain text wrapped at 72 columns, no HTML\: for a reply on a kernel mailing list.]'
        '--full[Show every frame of a call trace\: also the kernel'\''s own crash-reporting frames and unreliable '\''?'\'' frames.]'
        '(--output -o)'{--output,-o}'[Write to FILE instead of standard output.]:output:'
        '--exit-zero[Exit 0 whenever the run completed, reports found or inputs unreadable (usage errors and unwritable output still fail).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_oopsy_triage() {
    local -i ret=1
    local -ar ___format=('text' 'jsonl' 'csv' 'html')
    local -ar ___color=('auto' 'always' 'never')
    local -ar arg_specs=(
        '*:paths:_files'
        '--format[Output format\: text, jsonl (every report, then a summary line), csv (one row per cluster), html.]:format:{__oopsy_complete "${___format[@]}"}'
        '--members[List every occurrence of each cluster.]'
        '(--output -o)'{--output,-o}'[Write the output to FILE instead of standard output.]:output:'
        '--color[Colour\: auto, always or never.]:color:{__oopsy_complete "${___color[@]}"}'
        '--width[Wrap the text table at N columns (default\: the terminal'\''s width, else COLUMNS, else 100).]:width:'
        '(--jobs -j)'{--jobs,-j}'[Parallel jobs (default\: every core).]:jobs:'
        '--quiet[No progress bar even on a terminal.]'
        '--exit-zero[Exit 0 whenever the run completed, reports found or inputs unreadable (usage errors and unwritable output still fail).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_oopsy_merge() {
    local -i ret=1
    local -ar ___format=('text' 'jsonl' 'csv' 'html')
    local -ar ___color=('auto' 'always' 'never')
    local -ar arg_specs=(
        '*:files:_files'
        '--format[Output format\: text, jsonl (every report, then a summary line), csv (one row per cluster), html.]:format:{__oopsy_complete "${___format[@]}"}'
        '--members[List every occurrence of each cluster.]'
        '(--output -o)'{--output,-o}'[Write the output to FILE instead of standard output.]:output:'
        '--color[Colour\: auto, always or never.]:color:{__oopsy_complete "${___color[@]}"}'
        '--width[Wrap the text table at N columns (default\: the terminal'\''s width, else COLUMNS, else 100).]:width:'
        '--exit-zero[Exit 0 whenever the run completed, reports found or inputs unreadable (usage errors and unwritable output still fail).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_oopsy_replay() {
    local -i ret=1
    local -ar arg_specs=(
        '*:files:_files'
        '--exit-zero[Exit 0 whenever the run completed, reports found or inputs unreadable (usage errors and unwritable output still fail).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_oopsy_esr() {
    local -i ret=1
    local -ar arg_specs=(
        '*:values:'
        '--decimal[Read the values as decimal numbers (a value with 0x stays hex).]'
        '--json[Print JSON (docs/SCHEMA.md'\''s esr_decoded) instead of text.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_oopsy_model() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'list:List the catalogue'\''s scenarios and what each does per kernel era.'
            'emulate:Run one scenario on one kernel profile and print the oops it causes as kernel text.'
            'layout:Print a struct layout of a kernel profile.'
            'synthesize:Write every emulated report (scenario × era × lock-debug variant) with its expected fields, as Corpus/synthetic holds them.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        list|emulate|layout|synthesize)
            "_oopsy_model_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_oopsy_model_list() {
    local -i ret=1
    local -ar ___family=('FM-1' 'FM-2a' 'FM-2b' 'FM-3' 'FM-4' 'FM-5' 'FM-6' 'FM-7' 'FM-8' 'FM-9' 'FM-10' 'FM-11')
    local -ar ___cause=('bad-cache-maintenance' 'bad-device' 'dma-after-unbind' 'flush-queue-after-free' 'iommu-gone' 'missing-iova-cookie' 'msi-cookie' 'null-domain' 'null-group' 'smmu-fault' 'unmap-unmapped' 'use-after-free')
    local -ar ___kernel=('4.19' '5.4' '5.10' '5.15' '6.1' '6.6' '6.12')
    local -ar arg_specs=(
        ':word:'
        '--family[Show only this failure mode and its variants (FM-6 also lists FM-6a … FM-6d).]:family:{__oopsy_complete "${___family[@]}"}'
        '--cause[Show only failure modes with this cause id.]:cause:{__oopsy_complete "${___cause[@]}"}'
        '--kernel[Show only this kernel era.]:kernel:{__oopsy_complete "${___kernel[@]}"}'
        '--width[Wrap at N columns (default\: the terminal'\''s width, else COLUMNS, else 100).]:width:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_oopsy_model_emulate() {
    local -i ret=1
    local -ar _scenario=('FM-1/dma_map_sg' 'FM-1/dma_map_page' 'FM-1/dma_unmap_page' 'FM-1/dma_unmap_sg' 'FM-1/dma_alloc_coherent' 'FM-2a/dma_map_page' 'FM-2a/dma_map_sg' 'FM-2a/dma_unmap_page' 'FM-2b/dma_map_page' 'FM-2b/dma_unmap_page' 'FM-2b/dma_map_sg' 'FM-2b/dma_unmap_sg' 'FM-3/dma_map_page' 'FM-4/iommu_map' 'FM-4/iommu_iova_to_phys' 'FM-4/dma_unmap_page' 'FM-5/fq_timer' 'FM-6a/bootloader-scanout' 'FM-6b/unknown-stream' 'FM-6c/driver-domain' 'FM-6d/direct-while-translating' 'FM-7/dma_unmap_page' 'FM-7/double-unmap' 'FM-7/dma_unmap_sg' 'FM-7/dma_free' 'FM-7/double-free' 'FM-7/dma-api-debug-sync' 'FM-7/dma-api-debug' 'FM-8/coherent' 'FM-8/dma_unmap_page' 'FM-9a/dma_unmap_page' 'FM-9/direct-bad-handle' 'FM-9/direct-bad-unmap' 'FM-9a/sync-sg-unmapped' 'FM-9c/after-release' 'FM-10/tlb-sync' 'FM-11/null/dma_map_page' 'FM-11/freed/dma_map_page' 'FM-11/null/dma_map_sg' 'FM-11/freed/dma_map_sg')
    local -ar ___kernel=('4.19' '5.4' '5.10' '5.15' '6.1' '6.6' '6.12')
    local -ar arg_specs=(
        ':scenario:{__oopsy_complete "${_scenario[@]}"}'
        '--kernel[Kernel era or release (4.19, 5.4, 5.10, 5.15, 6.1, 6.6, 6.12, or e.g. 6.1.0-56-arm64).]:kernel:{__oopsy_complete "${___kernel[@]}"}'
        '--config[Lock-debug variant\: base, debug-spinlock, lockdep.]:config:'
        '--distro[Use a distribution'\''s layouts measured in the lab (debian).]:distro:'
        '--memory[Memory debugging\: none, slub-poison, kasan (default\: the scenario'\''s first).]:memory:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_oopsy_model_layout() {
    local -i ret=1
    local -ar ___kernel=('4.19' '5.4' '5.10' '5.15' '6.1' '6.6' '6.12')
    local -ar arg_specs=(
        ':name:'
        '--kernel[Kernel era or release (4.19, 5.4, 5.10, 5.15, 6.1, 6.6, 6.12, or e.g. 6.1.0-56-arm64).]:kernel:{__oopsy_complete "${___kernel[@]}"}'
        '--config[Lock-debug variant\: base, debug-spinlock, lockdep.]:config:'
        '--distro[Use a distribution'\''s layouts measured in the lab (debian).]:distro:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_oopsy_model_synthesize() {
    local -i ret=1
    local -ar arg_specs=(
        '(--output -o)'{--output,-o}'[Folder to write <era>/<config>/<scenario>.log and .expected.json into.]:output:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_oopsy_reproduce() {
    local -i ret=1
    local -ar arg_specs=(
        ':file:_files'
        '--era[Lab era to run (5.10, 6.1, 6.12); default\: the nearest to the report'\''s kernel.]:era:'
        '--lab[The lab'\''s directory (default\: lab/ of the current checkout).]:lab:'
        '--timeout[Hard time limit for the lab run, seconds.]:timeout:'
        '--exit-zero[Exit 0 whenever the run completed, reports found or inputs unreadable (usage errors and unwritable output still fail).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_oopsy_help() {
    local -i ret=1
    local -ar arg_specs=(
        '*:subcommands:'
        '--version[Show the version.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

if [[ "${funcstack[1]}" = _oopsy ]]; then
    _oopsy "${@}"
else
    compdef _oopsy oopsy
fi
