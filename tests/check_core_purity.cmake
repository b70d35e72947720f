# Fails if a file in src/core includes a header that reads a clock, does I/O,
# starts threads or draws randomness. The core depends only on the standard
# library's pure parts and Abseil's containers.
file(GLOB_RECURSE core_files "${CORE_DIR}/*.h" "${CORE_DIR}/*.cc")
set(forbidden chrono thread mutex atomic future condition_variable fstream iostream
    cstdio stdio.h random ctime time.h filesystem unistd.h sys/ fcntl.h)
set(bad "")
# assert.cc prints a failed assertion before aborting; nothing else may do output.
list(FILTER core_files EXCLUDE REGEX "/assert\\.cc$")
foreach(f IN LISTS core_files)
  file(STRINGS "${f}" lines REGEX "^[ \t]*#[ \t]*include")
  foreach(line IN LISTS lines)
    foreach(h IN LISTS forbidden)
      if(line MATCHES "[<\"]${h}")
        list(APPEND bad "${f}: ${line}")
      endif()
    endforeach()
  endforeach()
endforeach()
if(bad)
  list(JOIN bad "\n" msg)
  message(FATAL_ERROR "src/core must stay pure; forbidden includes:\n${msg}")
endif()
message(STATUS "core purity: ${CMAKE_CURRENT_LIST_FILE} checked, all clean")
