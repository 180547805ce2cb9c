# SPDX-License-Identifier: GPL-2.0-or-later
# Copies the plugin into the personal plugin folder of whoever runs the
# install_personal target, read from HOME when it runs (not when the build was
# configured):  cmake -DPLUGIN=<exch.so> -DWS_VERSION=<major.minor> -P install-personal.cmake
if(NOT DEFINED ENV{HOME} OR "$ENV{HOME}" STREQUAL "")
  message(FATAL_ERROR "HOME is not set: no personal plugin folder")
endif()
set(dir "$ENV{HOME}/.local/lib/wireshark/plugins/${WS_VERSION}/epan")
file(MAKE_DIRECTORY "${dir}")
file(COPY "${PLUGIN}" DESTINATION "${dir}")
message(STATUS "Installed ${PLUGIN} into ${dir}")
