#pragma once
// Which TCP sockets this test process listens on, read from /proc: a live lab must bind
// 127.0.0.1 only, never another address.
#include <QDir>
#include <QFile>
#include <QStringList>

#include <set>

namespace loopback {

/// Socket inodes this process holds open.
inline std::set<QString> own_socket_inodes() {
    std::set<QString> out;
    QDir fds("/proc/self/fd");
    for (const QString& fd : fds.entryList(QDir::NoDotAndDotDot | QDir::System)) {
        const QString target = QFile::symLinkTarget(fds.filePath(fd));
        if (target.contains("socket:[")) out.insert(target.section('[', 1).section(']', 0, 0));
    }
    return out;
}

/// Local addresses (hex, as /proc/net prints them) of this process's listening TCP sockets;
/// table is "/proc/self/net/tcp" or "/proc/self/net/tcp6". 127.0.0.1 reads "0100007F:PORT".
inline QStringList own_listening_addresses(const char* table) {
    const std::set<QString> mine = own_socket_inodes();
    QFile f(table);
    QStringList out;
    if (!f.open(QIODevice::ReadOnly)) return out;
    f.readLine();  // header
    while (!f.atEnd()) {
        const QStringList cols = QString::fromLatin1(f.readLine()).simplified().split(' ');
        if (cols.size() < 10 || cols[3] != "0A") continue;  // 0A = LISTEN
        if (mine.count(cols[9])) out << cols[1];
    }
    return out;
}

}  // namespace loopback
