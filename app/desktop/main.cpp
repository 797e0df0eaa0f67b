// archlab: the desktop window over the same core the CLI drives.
#include <memory>

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

#include <spdlog/spdlog.h>

#include "app/desktop/app_icon.h"
#include "app/desktop/screenshot_script.h"
#include "core/lab/lab_registry.h"
#include "core/store/run_store.h"
#include "labs/register_labs.h"
#include "views/main_window.h"

int main(int argc, char** argv) {
    using namespace archlab;
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ArchLab"));
    QApplication::setApplicationName(QStringLiteral("ArchLab"));
    QApplication::setWindowIcon(app_icon());

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("ArchLab: small real clusters you can break."));
    parser.addHelpOption();
    add_script_options(parser);
    parser.process(app);

    spdlog::set_level(spdlog::level::info);
    LabRegistry labs;
    register_all_labs(labs);

    // Without a store the window still runs labs; it just keeps no history.
    std::unique_ptr<RunStore> store;
    const std::string path = RunStore::default_path();
    QString store_error;
    try {
        store = std::make_unique<RunStore>(path);
    } catch (const std::exception& e) {
        store_error = QString::fromStdString(e.what());
    }

    MainWindow window(labs, store.get());
    window.setWindowIcon(app_icon());
    if (store && store->interrupted_on_open() > 0) {
        spdlog::warn("{} run(s) left running by an earlier session were marked interrupted",
                     store->interrupted_on_open());
    }
    window.show();
    if (!store_error.isEmpty()) {
        spdlog::error("run store {} could not be opened: {}", path, store_error.toStdString());
        auto* box = new QMessageBox(QMessageBox::Warning, QStringLiteral("ArchLab"),
                                    QStringLiteral("The run store could not be opened, so runs will not be kept."),
                                    QMessageBox::Ok, &window);
        box->setInformativeText(QStringLiteral("Path: %1\nReason: %2\n\nSet ARCHLAB_STORE to use another file.")
                                    .arg(QString::fromStdString(path), store_error));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();  // window-modal, no nested event loop
    }
    if (!run_script(window, read_script_options(parser))) return 2;
    return app.exec();
}
