# SPDX-License-Identifier: GPL-3.0-or-later
# Compiler settings every Flashback target shares: warnings on, Qt's strict string rules.
function(flashback_target_defaults target)
    target_compile_definitions(${target} PRIVATE
        QT_NO_CAST_FROM_ASCII
        QT_NO_CAST_TO_ASCII
        QT_USE_QSTRINGBUILDER
        QT_NO_FOREACH
        QT_NO_KEYWORDS)
    target_compile_options(${target} PRIVATE -Wall -Wextra -pedantic -Wshadow=local -Wnon-virtual-dtor)
    # GCC 12 reports false "maybe uninitialized" warnings inside std::variant (Result<T>) at -O2.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
    endif()
    if(FLASHBACK_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()

# One call adds a Qt Test executable and registers it with CTest.
#   flashback_add_test(NAME tst_x SOURCES ... LIBRARIES ... [LABELS ...] [GUI])
function(flashback_add_test)
    cmake_parse_arguments(ARG "GUI" "NAME" "SOURCES;LIBRARIES;LABELS" ${ARGN})
    add_executable(${ARG_NAME} ${ARG_SOURCES})
    target_link_libraries(${ARG_NAME} PRIVATE Qt6::Test ${ARG_LIBRARIES})
    flashback_target_defaults(${ARG_NAME})
    add_test(NAME ${ARG_NAME} COMMAND ${ARG_NAME})
    set(env "QT_LOGGING_RULES=flashback.*.debug=false")
    if(ARG_GUI)
        list(APPEND env "QT_QPA_PLATFORM=offscreen")
    endif()
    set_tests_properties(${ARG_NAME} PROPERTIES ENVIRONMENT "${env}" LABELS "${ARG_LABELS}" TIMEOUT 300)
endfunction()

# One test executable run once per store backend (FLASHBACK_TEST_BACKEND=memory|sqlite|postgres), as CTest tests
# <PREFIX>_<backend>. The PostgreSQL run needs the throwaway server fixture (tests/CMakeLists.txt).
#   flashback_add_backend_test(NAME tst_x PREFIX x SOURCES ... [LIBRARIES ...] [LABELS ...] [BACKENDS ...] [GUI])
function(flashback_add_backend_test)
    cmake_parse_arguments(ARG "GUI" "NAME;PREFIX" "SOURCES;LIBRARIES;LABELS;BACKENDS" ${ARGN})
    add_executable(${ARG_NAME} ${ARG_SOURCES})
    target_link_libraries(${ARG_NAME} PRIVATE Qt6::Test flashback_testsupport ${ARG_LIBRARIES})
    flashback_target_defaults(${ARG_NAME})
    if(NOT ARG_BACKENDS)
        set(ARG_BACKENDS memory sqlite)
        if(FLASHBACK_TEST_POSTGRES)
            list(APPEND ARG_BACKENDS postgres)
        endif()
    endif()
    foreach(backend IN LISTS ARG_BACKENDS)
        set(test ${ARG_PREFIX}_${backend})
        add_test(NAME ${test} COMMAND ${ARG_NAME})
        set(env "FLASHBACK_TEST_BACKEND=${backend}" "QT_LOGGING_RULES=flashback.*.debug=false")
        if(ARG_GUI)
            list(APPEND env "QT_QPA_PLATFORM=offscreen")
        endif()
        if(backend STREQUAL "postgres")
            list(APPEND env "FLASHBACK_TEST_PG=${FLASHBACK_TEST_PG_CONNINFO}")
            set_tests_properties(${test} PROPERTIES FIXTURES_REQUIRED postgres RESOURCE_LOCK postgres)
        endif()
        set_tests_properties(${test} PROPERTIES ENVIRONMENT "${env}" LABELS "${ARG_LABELS};${backend}" TIMEOUT 900)
    endforeach()
endfunction()
