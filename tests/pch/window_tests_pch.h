// The window tests' precompiled header (tests/CMakeLists.txt): the non-window tests' set plus
// the Qt Widgets and Gui headers the window tests include.
#pragma once

#include "tests/pch/core_tests_pch.h"

#include <QAbstractItemModel>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSignalSpy>
#include <QWidget>
