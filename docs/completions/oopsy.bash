#!/bin/bash

__oopsy_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__oopsy_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__oopsy_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__oopsy_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_oopsy() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __oopsy_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    analyze|report|triage|merge|replay|esr|model|reproduce|help)
        # Offer subcommand argument completions
        "_oopsy_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'analyze report triage merge replay esr model reproduce help' -- "${cur}"))
        ;;
    esac
}

_oopsy_analyze() {
    repeating_flags=()
    non_repeating_flags=(--full --no-decode --no-diagnose --exit-zero --version -h --help)
    repeating_options=()
    non_repeating_options=(--format -f --color --width)
    __oopsy_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--format'|'-f')
        __oopsy_add_completions -W 'text'$'\n''json'$'\n''jsonl'$'\n''markdown'
        return
        ;;
    '--color')
        __oopsy_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--width')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    *)
        __oopsy_add_completions -f
        return
        ;;
    esac
}

_oopsy_report() {
    repeating_flags=()
    non_repeating_flags=(--plain --full --exit-zero --version -h --help)
    repeating_options=()
    non_repeating_options=(--output -o)
    __oopsy_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--output'|'-o')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __oopsy_add_completions -f
        return
        ;;
    esac
}

_oopsy_triage() {
    repeating_flags=()
    non_repeating_flags=(--members --quiet --exit-zero --version -h --help)
    repeating_options=()
    non_repeating_options=(--format --output -o --color --width --jobs -j)
    __oopsy_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--format')
        __oopsy_add_completions -W 'text'$'\n''jsonl'$'\n''csv'$'\n''html'
        return
        ;;
    '--output'|'-o')
        return
        ;;
    '--color')
        __oopsy_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--width')
        return
        ;;
    '--jobs'|'-j')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    *)
        __oopsy_add_completions -f
        return
        ;;
    esac
}

_oopsy_merge() {
    repeating_flags=()
    non_repeating_flags=(--members --exit-zero --version -h --help)
    repeating_options=()
    non_repeating_options=(--format --output -o --color --width)
    __oopsy_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--format')
        __oopsy_add_completions -W 'text'$'\n''jsonl'$'\n''csv'$'\n''html'
        return
        ;;
    '--output'|'-o')
        return
        ;;
    '--color')
        __oopsy_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--width')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    *)
        __oopsy_add_completions -f
        return
        ;;
    esac
}

_oopsy_replay() {
    repeating_flags=()
    non_repeating_flags=(--exit-zero --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __oopsy_offer_flags_options -1

    # Offer positional completions
    case "${positional_number}" in
    *)
        __oopsy_add_completions -f
        return
        ;;
    esac
}

_oopsy_esr() {
    repeating_flags=()
    non_repeating_flags=(--decimal --json --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __oopsy_offer_flags_options -1
}

_oopsy_model() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __oopsy_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|emulate|layout|synthesize)
        # Offer subcommand argument completions
        "_oopsy_model_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list emulate layout synthesize' -- "${cur}"))
        ;;
    esac
}

_oopsy_model_list() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--family --cause --kernel --width)
    __oopsy_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--family')
        __oopsy_add_completions -W 'FM-1'$'\n''FM-2a'$'\n''FM-2b'$'\n''FM-3'$'\n''FM-4'$'\n''FM-5'$'\n''FM-6'$'\n''FM-7'$'\n''FM-8'$'\n''FM-9'$'\n''FM-10'$'\n''FM-11'
        return
        ;;
    '--cause')
        __oopsy_add_completions -W 'bad-cache-maintenance'$'\n''bad-device'$'\n''dma-after-unbind'$'\n''flush-queue-after-free'$'\n''iommu-gone'$'\n''missing-iova-cookie'$'\n''msi-cookie'$'\n''null-domain'$'\n''null-group'$'\n''smmu-fault'$'\n''unmap-unmapped'$'\n''use-after-free'
        return
        ;;
    '--kernel')
        __oopsy_add_completions -W '4.19'$'\n''5.4'$'\n''5.10'$'\n''5.15'$'\n''6.1'$'\n''6.6'$'\n''6.12'
        return
        ;;
    '--width')
        return
        ;;
    esac
}

_oopsy_model_emulate() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--kernel --config --distro --memory)
    __oopsy_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--kernel')
        __oopsy_add_completions -W '4.19'$'\n''5.4'$'\n''5.10'$'\n''5.15'$'\n''6.1'$'\n''6.6'$'\n''6.12'
        return
        ;;
    '--config')
        return
        ;;
    '--distro')
        return
        ;;
    '--memory')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __oopsy_add_completions -W 'FM-1/dma_map_sg'$'\n''FM-1/dma_map_page'$'\n''FM-1/dma_unmap_page'$'\n''FM-1/dma_unmap_sg'$'\n''FM-1/dma_alloc_coherent'$'\n''FM-2a/dma_map_page'$'\n''FM-2a/dma_map_sg'$'\n''FM-2a/dma_unmap_page'$'\n''FM-2b/dma_map_page'$'\n''FM-2b/dma_unmap_page'$'\n''FM-2b/dma_map_sg'$'\n''FM-2b/dma_unmap_sg'$'\n''FM-3/dma_map_page'$'\n''FM-4/iommu_map'$'\n''FM-4/iommu_iova_to_phys'$'\n''FM-4/dma_unmap_page'$'\n''FM-5/fq_timer'$'\n''FM-6a/bootloader-scanout'$'\n''FM-6b/unknown-stream'$'\n''FM-6c/driver-domain'$'\n''FM-6d/direct-while-translating'$'\n''FM-7/dma_unmap_page'$'\n''FM-7/double-unmap'$'\n''FM-7/dma_unmap_sg'$'\n''FM-7/dma_free'$'\n''FM-7/double-free'$'\n''FM-7/dma-api-debug-sync'$'\n''FM-7/dma-api-debug'$'\n''FM-8/coherent'$'\n''FM-8/dma_unmap_page'$'\n''FM-9a/dma_unmap_page'$'\n''FM-9/direct-bad-handle'$'\n''FM-9/direct-bad-unmap'$'\n''FM-9a/sync-sg-unmapped'$'\n''FM-9c/after-release'$'\n''FM-10/tlb-sync'$'\n''FM-11/null/dma_map_page'$'\n''FM-11/freed/dma_map_page'$'\n''FM-11/null/dma_map_sg'$'\n''FM-11/freed/dma_map_sg'
        return
        ;;
    esac
}

_oopsy_model_layout() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--kernel --config --distro)
    __oopsy_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--kernel')
        __oopsy_add_completions -W '4.19'$'\n''5.4'$'\n''5.10'$'\n''5.15'$'\n''6.1'$'\n''6.6'$'\n''6.12'
        return
        ;;
    '--config')
        return
        ;;
    '--distro')
        return
        ;;
    esac
}

_oopsy_model_synthesize() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--output -o)
    __oopsy_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--output'|'-o')
        return
        ;;
    esac
}

_oopsy_reproduce() {
    repeating_flags=()
    non_repeating_flags=(--exit-zero --version -h --help)
    repeating_options=()
    non_repeating_options=(--era --lab --timeout)
    __oopsy_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--era')
        return
        ;;
    '--lab')
        return
        ;;
    '--timeout')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __oopsy_add_completions -f
        return
        ;;
    esac
}

_oopsy_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __oopsy_offer_flags_options -1
}

complete -o filenames -F _oopsy oopsy
