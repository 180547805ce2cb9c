# SPDX-License-Identifier: GPL-2.0-or-later
# Copies the plugin into the personal plugin folder, and the Exchange profile
# into the personal profiles folder, of whoever runs the install_personal
# target, read from HOME when it runs (not when the build was configured):
#   cmake -DPLUGIN=<exch.so> -DPROFILE=<profiles/Exchange> -DWS_VERSION=<major.minor> -P install-personal.cmake
if(NOT DEFINED ENV{HOME} OR "$ENV{HOME}" STREQUAL "")
  message(FATAL_ERROR "HOME is not set: no personal plugin folder")
endif()
set(dir "$ENV{HOME}/.local/lib/wireshark/plugins/${WS_VERSION}/epan")
file(MAKE_DIRECTORY "${dir}")
file(COPY "${PLUGIN}" DESTINATION "${dir}")
message(STATUS "Installed ${PLUGIN} into ${dir}")
# Wireshark's personal configuration folder on Linux: $XDG_CONFIG_HOME/wireshark, else ~/.config/wireshark
if(DEFINED ENV{XDG_CONFIG_HOME} AND NOT "$ENV{XDG_CONFIG_HOME}" STREQUAL "")
  set(profiles "$ENV{XDG_CONFIG_HOME}/wireshark/profiles")
else()
  set(profiles "$ENV{HOME}/.config/wireshark/profiles")
endif()
file(MAKE_DIRECTORY "${profiles}")
file(COPY "${PROFILE}" DESTINATION "${profiles}")
message(STATUS "Installed the profile ${PROFILE} into ${profiles}")
