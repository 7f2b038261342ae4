function __oopsy_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __oopsy_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __oopsy_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __oopsy_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __oopsy_parse_tokens -S
    set -l unparsed_tokens (__oopsy_tokens -pc)
    switch $unparsed_tokens[1]
    case 'oopsy'
        __oopsy_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'analyze'
            __oopsy_parse_subcommand -r 1 'f/format=' 'color=' 'width=' 'full' 'no-decode' 'no-diagnose' 'exit-zero' 'version' 'h/help'
        case 'report'
            __oopsy_parse_subcommand 1 'plain' 'full' 'o/output=' 'exit-zero' 'version' 'h/help'
        case 'triage'
            __oopsy_parse_subcommand -r 1 'format=' 'members' 'o/output=' 'color=' 'width=' 'j/jobs=' 'quiet' 'exit-zero' 'version' 'h/help'
        case 'merge'
            __oopsy_parse_subcommand -r 1 'format=' 'members' 'o/output=' 'color=' 'width=' 'exit-zero' 'version' 'h/help'
        case 'replay'
            __oopsy_parse_subcommand -r 1 'exit-zero' 'version' 'h/help'
        case 'esr'
            __oopsy_parse_subcommand -r 1 'decimal' 'json' 'version' 'h/help'
        case 'model'
            __oopsy_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __oopsy_parse_subcommand 1 'family=' 'cause=' 'kernel=' 'width=' 'version' 'h/help'
            case 'emulate'
                __oopsy_parse_subcommand 1 'kernel=' 'config=' 'distro=' 'memory=' 'version' 'h/help'
            case 'layout'
                __oopsy_parse_subcommand 1 'kernel=' 'config=' 'distro=' 'version' 'h/help'
            case 'synthesize'
                __oopsy_parse_subcommand 0 'o/output=' 'version' 'h/help'
            end
        case 'reproduce'
            __oopsy_parse_subcommand 1 'era=' 'lab=' 'timeout=' 'exit-zero' 'version' 'h/help'
        case 'help'
            __oopsy_parse_subcommand -r 1 'version'
        end
    end
end

function __oopsy_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __oopsy_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __oopsy_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __oopsy_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__oopsy_tokens -p)
    if test -z "$(__oopsy_tokens -t)"
        set -l index (count (__oopsy_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'oopsy' -f
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy" version' -l 'version' -d 'Show the version.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_positional "oopsy" -eq 1' -fa 'analyze' -d 'Find and diagnose every crash report in the inputs (the default command).'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_positional "oopsy" -eq 1' -fa 'report' -d 'Write the diagnosis of every report in a log as Markdown for a bug tracker (or --plain for a mailing list).'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_positional "oopsy" -eq 1' -fa 'triage' -d 'Analyze many logs on every core and group the reports into distinct crashes.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_positional "oopsy" -eq 1' -fa 'merge' -d 'Merge \'oopsy triage --format jsonl\' outputs into one triage.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_positional "oopsy" -eq 1' -fa 'replay' -d 'Disassemble the Code: window of each arm64 report and replay the faulting instruction.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_positional "oopsy" -eq 1' -fa 'esr' -d 'Decode arm64 ESR_ELx values.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_positional "oopsy" -eq 1' -fa 'model' -d 'Inspect the DMA-IOMMU model: scenarios, emulated oopses, struct layouts.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_positional "oopsy" -eq 1' -fa 'reproduce' -d 'Re-create a diagnosed DMA-IOMMU crash on a real Debian arm64 kernel under QEMU (the kernel lab).'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_positional "oopsy" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_positional "oopsy analyze" -ge 1' -F
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy analyze" f format' -l 'format' -s 'f' -d 'Output format: text, json (one document per input), jsonl (one report per line) or markdown.' -rfka 'text json jsonl markdown'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy analyze" color' -l 'color' -d 'Colour: auto (only on a terminal, never with NO_COLOR set), always or never.' -rfka 'auto always never'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy analyze" width' -l 'width' -d 'Wrap text at N columns (default: the terminal\'s width, else COLUMNS, else 100).' -rfka ''
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy analyze" full' -l 'full' -d 'Show every frame of a call trace: also the kernel\'s own crash-reporting frames (dump_stack, kasan_report, __warn, exception entry) and unreliable \'?\' frames, which text and Markdown leave out by default.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy analyze" no-decode' -l 'no-decode' -d 'Skip decoding, disassembly and replay of the arm64 state.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy analyze" no-diagnose' -l 'no-diagnose' -d 'Skip diagnosis (generic rules and kernel models).'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy analyze" exit-zero' -l 'exit-zero' -d 'Exit 0 whenever the run completed, reports found or inputs unreadable (usage errors and unwritable output still fail).'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy analyze" version' -l 'version' -d 'Show the version.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy analyze" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_positional "oopsy report" -eq 1' -F
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy report" plain' -l 'plain' -d 'Plain text wrapped at 72 columns, no HTML: for a reply on a kernel mailing list.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy report" full' -l 'full' -d 'Show every frame of a call trace: also the kernel\'s own crash-reporting frames and unreliable \'?\' frames.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy report" o output' -l 'output' -s 'o' -d 'Write to FILE instead of standard output.' -rfka ''
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy report" exit-zero' -l 'exit-zero' -d 'Exit 0 whenever the run completed, reports found or inputs unreadable (usage errors and unwritable output still fail).'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy report" version' -l 'version' -d 'Show the version.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy report" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_positional "oopsy triage" -ge 1' -F
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy triage" format' -l 'format' -d 'Output format: text, jsonl (every report, then a summary line), csv (one row per cluster), html.' -rfka 'text jsonl csv html'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy triage" members' -l 'members' -d 'List every occurrence of each cluster.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy triage" o output' -l 'output' -s 'o' -d 'Write the output to FILE instead of standard output.' -rfka ''
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy triage" color' -l 'color' -d 'Colour: auto, always or never.' -rfka 'auto always never'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy triage" width' -l 'width' -d 'Wrap the text table at N columns (default: the terminal\'s width, else COLUMNS, else 100).' -rfka ''
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy triage" j jobs' -l 'jobs' -s 'j' -d 'Parallel jobs (default: every core).' -rfka ''
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy triage" quiet' -l 'quiet' -d 'No progress bar even on a terminal.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy triage" exit-zero' -l 'exit-zero' -d 'Exit 0 whenever the run completed, reports found or inputs unreadable (usage errors and unwritable output still fail).'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy triage" version' -l 'version' -d 'Show the version.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy triage" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_positional "oopsy merge" -ge 1' -F
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy merge" format' -l 'format' -d 'Output format: text, jsonl (every report, then a summary line), csv (one row per cluster), html.' -rfka 'text jsonl csv html'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy merge" members' -l 'members' -d 'List every occurrence of each cluster.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy merge" o output' -l 'output' -s 'o' -d 'Write the output to FILE instead of standard output.' -rfka ''
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy merge" color' -l 'color' -d 'Colour: auto, always or never.' -rfka 'auto always never'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy merge" width' -l 'width' -d 'Wrap the text table at N columns (default: the terminal\'s width, else COLUMNS, else 100).' -rfka ''
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy merge" exit-zero' -l 'exit-zero' -d 'Exit 0 whenever the run completed, reports found or inputs unreadable (usage errors and unwritable output still fail).'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy merge" version' -l 'version' -d 'Show the version.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy merge" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_positional "oopsy replay" -ge 1' -F
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy replay" exit-zero' -l 'exit-zero' -d 'Exit 0 whenever the run completed, reports found or inputs unreadable (usage errors and unwritable output still fail).'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy replay" version' -l 'version' -d 'Show the version.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy replay" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy esr" decimal' -l 'decimal' -d 'Read the values as decimal numbers (a value with 0x stays hex).'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy esr" json' -l 'json' -d 'Print JSON (docs/SCHEMA.md\'s esr_decoded) instead of text.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy esr" version' -l 'version' -d 'Show the version.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy esr" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy model" version' -l 'version' -d 'Show the version.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy model" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_positional "oopsy model" -eq 1' -fa 'list' -d 'List the catalogue\'s scenarios and what each does per kernel era.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_positional "oopsy model" -eq 1' -fa 'emulate' -d 'Run one scenario on one kernel profile and print the oops it causes as kernel text.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_positional "oopsy model" -eq 1' -fa 'layout' -d 'Print a struct layout of a kernel profile.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_positional "oopsy model" -eq 1' -fa 'synthesize' -d 'Write every emulated report (scenario × era × lock-debug variant) with its expected fields, as Corpus/synthetic holds them.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy model list" family' -l 'family' -d 'Show only this failure mode and its variants (FM-6 also lists FM-6a … FM-6d).' -rfka 'FM-1 FM-2a FM-2b FM-3 FM-4 FM-5 FM-6 FM-7 FM-8 FM-9 FM-10 FM-11'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy model list" cause' -l 'cause' -d 'Show only failure modes with this cause id.' -rfka 'bad-cache-maintenance bad-device dma-after-unbind flush-queue-after-free iommu-gone missing-iova-cookie msi-cookie null-domain null-group smmu-fault unmap-unmapped use-after-free'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy model list" kernel' -l 'kernel' -d 'Show only this kernel era.' -rfka '4.19 5.4 5.10 5.15 6.1 6.6 6.12'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy model list" width' -l 'width' -d 'Wrap at N columns (default: the terminal\'s width, else COLUMNS, else 100).' -rfka ''
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy model list" version' -l 'version' -d 'Show the version.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy model list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_positional "oopsy model emulate" -eq 1' -fka 'FM-1/dma_map_sg FM-1/dma_map_page FM-1/dma_unmap_page FM-1/dma_unmap_sg FM-1/dma_alloc_coherent FM-2a/dma_map_page FM-2a/dma_map_sg FM-2a/dma_unmap_page FM-2b/dma_map_page FM-2b/dma_unmap_page FM-2b/dma_map_sg FM-2b/dma_unmap_sg FM-3/dma_map_page FM-4/iommu_map FM-4/iommu_iova_to_phys FM-4/dma_unmap_page FM-5/fq_timer FM-6a/bootloader-scanout FM-6b/unknown-stream FM-6c/driver-domain FM-6d/direct-while-translating FM-7/dma_unmap_page FM-7/double-unmap FM-7/dma_unmap_sg FM-7/dma_free FM-7/double-free FM-7/dma-api-debug-sync FM-7/dma-api-debug FM-8/coherent FM-8/dma_unmap_page FM-9a/dma_unmap_page FM-9/direct-bad-handle FM-9/direct-bad-unmap FM-9a/sync-sg-unmapped FM-9c/after-release FM-10/tlb-sync FM-11/null/dma_map_page FM-11/freed/dma_map_page FM-11/null/dma_map_sg FM-11/freed/dma_map_sg'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy model emulate" kernel' -l 'kernel' -d 'Kernel era or release (4.19, 5.4, 5.10, 5.15, 6.1, 6.6, 6.12, or e.g. 6.1.0-56-arm64).' -rfka '4.19 5.4 5.10 5.15 6.1 6.6 6.12'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy model emulate" config' -l 'config' -d 'Lock-debug variant: base, debug-spinlock, lockdep.' -rfka ''
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy model emulate" distro' -l 'distro' -d 'Use a distribution\'s layouts measured in the lab (debian).' -rfka ''
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy model emulate" memory' -l 'memory' -d 'Memory debugging: none, slub-poison, kasan (default: the scenario\'s first).' -rfka ''
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy model emulate" version' -l 'version' -d 'Show the version.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy model emulate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy model layout" kernel' -l 'kernel' -d 'Kernel era or release (4.19, 5.4, 5.10, 5.15, 6.1, 6.6, 6.12, or e.g. 6.1.0-56-arm64).' -rfka '4.19 5.4 5.10 5.15 6.1 6.6 6.12'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy model layout" config' -l 'config' -d 'Lock-debug variant: base, debug-spinlock, lockdep.' -rfka ''
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy model layout" distro' -l 'distro' -d 'Use a distribution\'s layouts measured in the lab (debian).' -rfka ''
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy model layout" version' -l 'version' -d 'Show the version.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy model layout" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy model synthesize" o output' -l 'output' -s 'o' -d 'Folder to write <era>/<config>/<scenario>.log and .expected.json into.' -rfka ''
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy model synthesize" version' -l 'version' -d 'Show the version.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy model synthesize" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_positional "oopsy reproduce" -eq 1' -F
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy reproduce" era' -l 'era' -d 'Lab era to run (5.10, 6.1, 6.12); default: the nearest to the report\'s kernel.' -rfka ''
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy reproduce" lab' -l 'lab' -d 'The lab\'s directory (default: lab/ of the current checkout).' -rfka ''
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy reproduce" timeout' -l 'timeout' -d 'Hard time limit for the lab run, seconds.' -rfka ''
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy reproduce" exit-zero' -l 'exit-zero' -d 'Exit 0 whenever the run completed, reports found or inputs unreadable (usage errors and unwritable output still fail).'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy reproduce" version' -l 'version' -d 'Show the version.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy reproduce" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'oopsy' -n '__oopsy_should_offer_completions_for_flags_or_options "oopsy help" version' -l 'version' -d 'Show the version.'
