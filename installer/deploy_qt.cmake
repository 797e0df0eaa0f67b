# Copies Qt's libraries and plugins into the install tree, so every package made from it
# runs without a Qt installation: Qt's own deployment (windeployqt on Windows, macdeployqt on
# macOS, Qt's Linux deployer for the AppImage), through qt_generate_deploy_app_script.
# Needs Qt 6.5+. On by default on Windows and macOS; on Linux only when asked
# (-DARCHLAB_DEPLOY_QT=ON, the linux-vcpkg preset): the .deb depends on the system's Qt instead.
# Debian 12's Qt 6.4 has no such functions: there this does nothing and the .deb is as before.
if(WIN32 OR APPLE)
  set(ARCHLAB_DEPLOY_QT_DEFAULT ON)
else()
  set(ARCHLAB_DEPLOY_QT_DEFAULT OFF)
endif()
option(ARCHLAB_DEPLOY_QT "Copy Qt's libraries and plugins into the install tree (Qt 6.5+)" ${ARCHLAB_DEPLOY_QT_DEFAULT})

if(ARCHLAB_DEPLOY_QT)
  if(Qt6_VERSION VERSION_LESS 6.5 OR NOT COMMAND qt_generate_deploy_app_script)
    message(WARNING "ARCHLAB_DEPLOY_QT: Qt ${Qt6_VERSION} has no deployment functions (6.5+); "
                    "the install tree uses the Qt installed on the system")
  else()
    if(UNIX AND NOT APPLE)
      # The deployed Qt libraries go to lib/ beside bin/: the installed programs look there.
      set_target_properties(archlab archlab-cli PROPERTIES INSTALL_RPATH "$ORIGIN/../lib")
    endif()
    qt_generate_deploy_app_script(TARGET archlab OUTPUT_SCRIPT ARCHLAB_DEPLOY_APP NO_TRANSLATIONS)
    install(SCRIPT ${ARCHLAB_DEPLOY_APP})
    if(NOT APPLE)
      # On macOS the CLI sits inside the bundle and uses the frameworks deployed for the app.
      qt_generate_deploy_app_script(TARGET archlab-cli OUTPUT_SCRIPT ARCHLAB_DEPLOY_CLI NO_TRANSLATIONS)
      install(SCRIPT ${ARCHLAB_DEPLOY_CLI})
    endif()
  endif()
endif()
