// The Markdown subset of guided steps' text (core/report/markdown_subset.h) as report HTML:
// emphasis, code, lists, headings, fenced code; links written as text with their address;
// everything escaped and well-formed XML, whatever the input.
#include <QXmlStreamReader>
#include <QtTest>

#include <string>

#include "core/report/markdown_subset.h"

using namespace archlab;

namespace {

QString html(const std::string& md) { return QString::fromStdString(markdown_to_html(md)); }
QString inline_html(const std::string& md) { return QString::fromStdString(markdown_inline_html(md)); }

/// The fragment parses as XML inside one element, and holds only the subset's own elements, with
/// no attribute but a numbered list's start (no link, script, image or handler got through).
bool well_formed(const QString& fragment, QString* error) {
    static const QStringList kElements = {"div", "p", "ul", "ol", "li", "strong", "em", "code", "pre", "h4"};
    QXmlStreamReader xml(QStringLiteral("<div>") + fragment + QStringLiteral("</div>"));
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) continue;
        const QString name = xml.name().toString();
        if (!kElements.contains(name)) *error = QStringLiteral("element <%1> in %2").arg(name, fragment);
        for (const QXmlStreamAttribute& a : xml.attributes()) {
            if (name != QLatin1String("ol") || a.name() != QLatin1String("start")) {
                *error = QStringLiteral("attribute %1 in %2").arg(a.name().toString(), fragment);
            }
        }
    }
    if (xml.hasError()) *error = xml.errorString() + QStringLiteral(" in ") + fragment;
    return error->isEmpty();
}

}  // namespace

class TestMarkdownSubset : public QObject {
    Q_OBJECT

private slots:
    void inline_markup_data() {
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bold") << "expires **500 ms** after" << "expires <strong>500 ms</strong> after";
        QTest::newRow("bold underscores") << "__both__ ways" << "<strong>both</strong> ways";
        QTest::newRow("italic") << "an *aside* here" << "an <em>aside</em> here";
        QTest::newRow("italic underscores") << "an _aside_ here" << "an <em>aside</em> here";
        QTest::newRow("knob names keep their underscores") << "set write_policy and ttl_ms"
                                                           << "set write_policy and ttl_ms";
        QTest::newRow("bold knob name") << "Switch **write_policy** to **invalidate**"
                                        << "Switch <strong>write_policy</strong> to <strong>invalidate</strong>";
        QTest::newRow("strong and em") << "***both***" << "<strong><em>both</em></strong>";
        QTest::newRow("em holding strong") << "*a **b** c*" << "<em>a <strong>b</strong> c</em>";
        QTest::newRow("code") << "run `archlab-cli list`" << "run <code>archlab-cli list</code>";
        QTest::newRow("code keeps stars") << "`**x**` and `a<b`" << "<code>**x**</code> and <code>a&lt;b</code>";
        QTest::newRow("double backticks") << "`` a`b ``" << "<code>a`b</code>";
        QTest::newRow("lone star") << "2 * 3 = 6" << "2 * 3 = 6";
        QTest::newRow("unclosed bold") << "**open" << "**open";
        QTest::newRow("unclosed code") << "a `b" << "a `b";
        QTest::newRow("escape") << "\\*not italic\\*" << "*not italic*";
        QTest::newRow("link as text") << "see [the docs](https://example.org/x?a=1&b=2)"
                                      << "see the docs (https://example.org/x?a=1&amp;b=2)";
        QTest::newRow("link to itself") << "[https://a.b](https://a.b)" << "https://a.b";
        QTest::newRow("bold link text") << "[**docs**](d.md)" << "<strong>docs</strong> (d.md)";
        QTest::newRow("autolink") << "<https://example.org>" << "https://example.org";
        QTest::newRow("image") << "![plot](p.png)" << "plot (p.png)";
        QTest::newRow("raw html is text") << "<b onclick=\"x()\">hi</b> & 'q'"
                                          << "&lt;b onclick=&quot;x()&quot;&gt;hi&lt;/b&gt; &amp; &#39;q&#39;";
        QTest::newRow("brackets alone") << "[not a link] (x)" << "[not a link] (x)";
    }
    void inline_markup() {
        QFETCH(QString, markdown);
        QFETCH(QString, expected);
        QCOMPARE(inline_html(markdown.toStdString()), expected);
    }

    void blocks() {
        QCOMPARE(html("One\nparagraph.\n\nTwo."), QStringLiteral("<p>One paragraph.</p><p>Two.</p>"));
        QCOMPARE(html("Steps:\n- **one**\n- two\n  more\n\nAfter."),
                 QStringLiteral("<p>Steps:</p><ul><li><strong>one</strong></li><li>two more</li></ul><p>After.</p>"));
        QCOMPARE(html("* a\n+ b"), QStringLiteral("<ul><li>a</li><li>b</li></ul>"));
        QCOMPARE(html("1. a\n2) b"), QStringLiteral("<ol><li>a</li><li>b</li></ol>"));
        QCOMPARE(html("3. c"), QStringLiteral("<ol start=\"3\"><li>c</li></ol>"));
        QCOMPARE(html("## Title *x*\ntext"), QStringLiteral("<h4>Title <em>x</em></h4><p>text</p>"));
        QCOMPARE(html("#hashtag"), QStringLiteral("<p>#hashtag</p>"));
        QCOMPARE(html("```\nredis-cli GET <k>\n  **x**\n```\nafter"),
                 QStringLiteral("<pre><code>redis-cli GET &lt;k&gt;\n  **x**\n</code></pre><p>after</p>"));
        QCOMPARE(html(""), QString());
        QCOMPARE(html("\r\n\r\n"), QString());
    }

    void any_input_gives_well_formed_escaped_markup_data() {
        QTest::addColumn<QString>("markdown");
        QTest::newRow("crossed") << "**a *b** c*";
        QTest::newRow("stars") << "*** ** * **** *";
        QTest::newRow("underscores") << "__a _b__ c_ _ __";
        QTest::newRow("brackets") << "[a [b](c) ](d) [ ]( ) ![x]( <y> \"t\")";
        QTest::newRow("backticks") << "``` ` `` ` ``";
        QTest::newRow("html") << "<script>alert(1)</script><a href=\"http://x\">x</a>";
        QTest::newRow("list and fence") << "- a\n```\n- b\n1. c\n";
        QTest::newRow("controls") << "a\x01\x02 **\xff**";
        QTest::newRow("escapes") << "\\\\*a\\\\* \\";
    }
    void any_input_gives_well_formed_escaped_markup() {
        QFETCH(QString, markdown);
        const QString out = html(markdown.toStdString());
        QString error;
        QVERIFY2(well_formed(out, &error), qPrintable(error));
    }
};

QTEST_APPLESS_MAIN(TestMarkdownSubset)
#include "test_markdown_subset.moc"
