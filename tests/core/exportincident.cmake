# SPDX-License-Identifier: GPL-3.0-or-later
# Run by the build (cmake -P), not by hand: makes a demo store and has flashback-cli export-test turn its
# "who deleted Sarah Connor?" story into two tests, which the suite then compiles and runs (tst_exported*).
#   -DCLI=<flashback-cli> -DDIR=<folder for the store and the exported files>
file(REMOVE_RECURSE "${DIR}")
file(MAKE_DIRECTORY "${DIR}")

function(run_cli)
    execute_process(COMMAND "${CLI}" --store "${DIR}/demo.flashback" ${ARGN}
        RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE errors)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "flashback-cli ${ARGN} failed (${status}):\n${errors}")
    endif()
    set(output "${output}" PARENT_SCOPE)
endfunction()

run_cli(--json demo --users 5)
string(JSON sarah GET "${output}" deleted_user_id)
# Her deletion, anonymized: the DeleteUser command rebuilt from the event, then the event and her deleted state.
run_cli(export-test "${sarah}" --anonymize --class ExportedDeletionTest --output "${DIR}/tst_exporteddeletion.cpp")
# A command asked after it: today's rules refuse it with their domain error.
run_cli(export-test "${sarah}" --command ChangeEmail --set email=sarah.new@example.com --actor support@company.com
    --class ExportedRefusalTest --output "${DIR}/tst_exportedrefusal.cpp")
