// archlab-cli: every lab without a window. list, describe, run, ab.
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "app/cli/bundle_command.h"
#include "app/cli/ab_command.h"
#include "app/cli/cache_server_command.h"
#include "app/cli/cache_sim_command.h"
#include "app/cli/check_history_command.h"
#include "app/cli/commands.h"
#include "app/cli/hash_command.h"
#include "app/cli/scenario_files.h"
#include "app/cli/storm_command.h"
#include "core/lab/printable_text.h"
#include "core/lab/settings.h"
#include "labs/register_labs.h"

int main(int argc, char** argv) {
    using namespace archlab;
    spdlog::set_level(spdlog::level::warn);  // the terminal shows progress and results, not the event log

    CLI::App app{"ArchLab headless: run any lab, test it, benchmark it.", "archlab-cli"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "archlab-cli 0.1.0");

    auto* list = app.add_subcommand("list", "List the labs");
    auto* describe = app.add_subcommand("describe", "Show a lab's knobs (type, default, range, help) and charts");
    std::string describe_id;
    bool describe_json = false;
    describe->add_option("LAB", describe_id, "Lab id (see list)")->required();
    describe->add_flag("--json", describe_json, "Print as JSON");

    auto* run = app.add_subcommand("run", "Run a lab or a scenario file headless and write a report");
    cli::RunOptions ro;
    std::string duration;
    std::uint64_t seed = 0;
    run->add_option("LAB_OR_SCENARIO", ro.what, "Lab id, a scenario .json file, or the name of a shipped scenario "
                                                "(archlab-cli scenarios lists them; not with --replay)");
    run->add_option("--set", ro.sets, "Set a knob: --set workers=4 (repeatable)");
    run->add_option("--fault", ro.faults, "Fault on the timeline: --fault 5s:kill:worker-2 (repeatable)");
    auto* dur_opt = run->add_option("--duration", duration, "How long to run: 10s, 1m (default 10s)");
    auto* seed_opt = run->add_option("--seed", seed, "Random seed (default 1)");
    run->add_option("--out", ro.out, "Report folder (default archlab-runs/LAB-TIME)");
    run->add_option("--store", ro.store, "Run store database (default $ARCHLAB_STORE or the user data folder)");
    run->add_flag("--no-store", ro.no_store, "Do not record the run");
    run->add_flag("--no-charts", ro.no_charts, "Skip the PNG charts");
    run->add_option("--time", ro.time, "live (threads, 127.0.0.1 TCP, wall clock; default) or virtual (simulated, deterministic; "
                                       "the default for a guided scenario)");
    run->add_option("--speed", ro.speed, "Virtual time: max (default), or virtual seconds per wall second (1 = real time)");
    run->add_option("--storm", ro.storm, "Add a seeded random fault storm, one fault every 1-2 s (see the storm command)");
    run->add_option("--spare", ro.storm_spare, "A node the storm leaves alone (repeatable)");
    run->add_option("--answer", ro.answers, "Guided scenario: the room's guess for a step's question, --answer 2=450 or "
                                            "--answer 3=1 for choice 1 (repeatable)");
    run->add_option("--replay", ro.replay, "Run a stored virtual run again (RUN_ID from the run store) and check its fingerprint");
    run->add_option("--bundle", ro.bundle, "Also write the run as one bundle file (settings, series, log, charts, HTML report, GIF)");
    run->add_option("--gif-chart", ro.bundle_gif_chart, "The chart under the topology in the bundle's animated GIF (default: the first)");
    run->add_flag("--no-gif", ro.bundle_no_gif, "Bundle without the animated GIF");
    run->add_option("--guide", ro.bundle_guide, "A guide JSON file (steps, questions, guesses, measured values) for the bundle's report");

    auto* scenarios = app.add_subcommand("scenarios", "List the scenario files ArchLab ships and where they are (run one: archlab-cli run NAME)");
    std::string scenarios_lab;
    scenarios->add_option("LAB", scenarios_lab, "Only this lab's scenarios");

    auto* exp = app.add_subcommand("export", "Write stored runs (one, or an A/B pair) as one bundle file");
    cli::ExportOptions eo;
    exp->add_option("RUN_ID", eo.runs, "Run id from the run store; two for an A/B pair")->required()->expected(1, 2);
    exp->add_option("--bundle", eo.out.bundle, "The bundle file to write (.archlab)")->required();
    exp->add_option("--store", eo.store, "Run store database (default $ARCHLAB_STORE or the user data folder)");
    exp->add_option("--gif-chart", eo.out.gif_chart, "The chart under the topology in the animated GIF (default: the first)");
    exp->add_flag("--no-gif", eo.out.no_gif, "Leave out the animated GIF");
    exp->add_option("--guide", eo.out.guide, "A guide JSON file (steps, questions, guesses, measured values) for the report");

    auto* imp = app.add_subcommand("import", "Add the runs of a bundle file to the run store (then list, compare, replay them)");
    cli::ImportOptions io;
    imp->add_option("BUNDLE", io.bundle, "Bundle file")->required();
    imp->add_option("--store", io.store, "Run store database (default $ARCHLAB_STORE or the user data folder)");

    auto* rep = app.add_subcommand("report", "Write a bundle's self-contained HTML report (and its animated GIF)");
    cli::ReportOptions rpo;
    rep->add_option("BUNDLE", rpo.bundle, "Bundle file")->required();
    rep->add_option("--html", rpo.html, "Where to write the HTML report");
    rep->add_option("--gif", rpo.gif, "Where to write an animated GIF of the topology and one chart");
    rep->add_option("--chart", rpo.chart, "The GIF's chart (default: the first)");

    auto* ab = app.add_subcommand("ab", "Run two variants of a lab at once (same seed, B with other knobs) and print their difference");
    cli::AbOptions abo;
    std::string ab_duration;
    std::uint64_t ab_seed = 0;
    ab->add_option("LAB_OR_SCENARIO", abo.run.what, "Lab id, or a scenario .json file")->required();
    ab->add_option("--set", abo.run.sets, "Set a knob for both sides: --set workers=4 (repeatable)");
    ab->add_option("--a", abo.a_sets, "Set a knob for side A only: --a policy=lru (repeatable)");
    ab->add_option("--b", abo.b_sets, "Set a knob for side B only: --b policy=lfu (repeatable; at least one)");
    ab->add_option("--fault", abo.run.faults, "Fault on both sides' timeline: --fault 5s:kill:worker-2 (repeatable)");
    auto* ab_dur_opt = ab->add_option("--duration", ab_duration, "How long to run: 10s, 1m (default 10s)");
    auto* ab_seed_opt = ab->add_option("--seed", ab_seed, "Random seed of both sides (default 1)");
    ab->add_option("--time", abo.run.time, "live (both clusters at once on this machine; default) or virtual (paced together, deterministic)");
    ab->add_option("--speed", abo.run.speed, "Virtual time: max (default), or virtual seconds per wall second");
    ab->add_option("--out", abo.run.out, "Write DIR/ab.json and DIR/A, DIR/B (summary.json, series.csv)");
    ab->add_option("--store", abo.run.store, "Run store database (default $ARCHLAB_STORE or the user data folder)");
    ab->add_flag("--no-store", abo.run.no_store, "Do not record the runs");

    auto* storm = app.add_subcommand("storm", "Print a lab's seeded random fault storm, one --fault entry per line");
    cli::StormOptions sto;
    storm->add_option("LAB", sto.lab, "Lab id (see list)")->required();
    storm->add_option("--set", sto.sets, "Set a knob: --set nodes=8 (the storm's targets follow the knobs)");
    storm->add_option("--duration", sto.duration, "Length of the run it covers (default 60s)");
    storm->add_option("--seed", sto.seed, "Storm seed (default 1)");
    storm->add_option("--spare", sto.spare, "A node the storm leaves alone (repeatable)");

    auto* sim = app.add_subcommand("cache-sim", "Replay a key trace through cache eviction policies at full speed");
    cli::CacheSimOptions so;
    sim->add_option("--trace", so.trace, "Trace file")->required();
    sim->add_option("--format", so.format,
                    "text, csv or oracle-general (plain or .zst; size-0 records skipped as libCacheSim does); "
                    "default: from the file name");
    sim->add_option("--csv-key-col", so.csv_key_col, "CSV: key column, counted from 1 (default 1)");
    sim->add_option("--csv-size-col", so.csv_size_col, "CSV: size column, counted from 1 (default: no sizes)");
    sim->add_flag("--csv-header", so.csv_header, "CSV: the first line is a header");
    sim->add_option("--policy", so.policies, "Policies: lru,lfu,fifo,random,arc,s3fifo or all")->required()->delimiter(',');
    sim->add_option("--capacity", so.capacities, "Capacities in entries (bytes with --bytes): 1000,64K,1M; 0.01 = that fraction of the trace's distinct objects (or their bytes)")
        ->required()
        ->delimiter(',');
    sim->add_flag("--bytes", so.bytes, "Capacity in bytes: object sizes count");
    sim->add_flag("--ignore-size", so.ignore_size, "Every object counts 1 byte / 1 entry");
    sim->add_option("--seed", so.seed, "Seed of the random policy (default 1)");
    sim->add_option("--out", so.out, "Write DIR/cache-sim.csv, and with several capacities DIR/mrc.csv and DIR/mrc.png (default archlab-runs/cache-sim-TRACE-TIME when there are several)");

    auto* server = app.add_subcommand("cache-server", "Run a Redis-protocol cache node on 127.0.0.1 until Ctrl-C (redis-cli -p PORT)");
    cli::CacheServerOptions cso;
    server->add_option("--port", cso.port, "TCP port on 127.0.0.1, 0 = any free one (default 6380)");
    server->add_option("--policy", cso.policy, "lru, lfu, fifo, random, arc, s3fifo or allkeys-lru/lfu/random (default lru)");
    auto* maxmem_opt = server->add_option("--maxmemory", cso.maxmemory, "Byte limit: 1048576, 100mb, 1gb (default 0 = none)");
    server->add_option("--capacity-entries", cso.capacity_entries, "Entry limit instead of bytes")->excludes(maxmem_opt);
    server->add_option("--io-threads", cso.io_threads, "Threads serving connections (default 1)");

    auto* chk = app.add_subcommand("check-history", "Check a history (EDN or jepsen.util log) for linearizability; exit 0 yes, 1 no, 3 unknown, 2 bad input");
    cli::CheckHistoryOptions co;
    chk->add_option("FILE", co.file, "History file")->required();
    chk->add_option("--model", co.model, "register or kv (default kv)");
    chk->add_option("--timeout", co.timeout, "Time budget, then the verdict is unknown (default 10s)");
    chk->add_option("--initial", co.initial, "Every key's value before the first operation (default nil; \"\" for get/put/append)");

    auto* hash = app.add_subcommand("hash", "Print the bucket of each key under a partitioner, one per line");
    cli::HashOptions ho;
    hash->add_option("--algo", ho.algo, "range, hash-mod, consistent-hash, rendezvous, jump or hash-slot")->required();
    hash->add_option("--buckets", ho.buckets, "Number of buckets (shards): 1..10000, jump 1..2147483647; hash-slot: 16384 or left out");
    hash->add_option("--vnodes", ho.virtual_nodes, "consistent-hash: virtual nodes per shard (default 160)");
    hash->add_option("KEY", ho.keys, "Keys (jump: unsigned 64-bit, decimal or 0x hex; others: strings as given)")->required();

    // A mistyped command gets a clearer line than CLI11's "A subcommand is required".
    if (argc > 1 && argv[1][0] != '-') {
        const std::string first = argv[1];
        bool known = false;
        for (const auto* sub : app.get_subcommands({})) known = known || sub->get_name() == first;
        if (!known) {
            std::string names;
            for (const auto* sub : app.get_subcommands({})) names += (names.empty() ? "" : ", ") + sub->get_name();
            std::cerr << "archlab-cli: unknown command '" << first << "' (commands: " << names << ")\n";
            return 2;
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "archlab-cli: " << e.what() << " (see archlab-cli --help)\n";
        return 2;
    }

    LabRegistry labs;
    register_all_labs(labs);
    try {
        if (*list) return cli::list_labs(labs);
        if (*describe) return cli::describe_lab(labs, describe_id, describe_json);
        if (*scenarios) return cli::list_scenarios(scenarios_lab);
        if (*storm) return cli::print_storm(labs, sto);
        if (*sim) return cli::cache_sim(so);
        if (*server) return cli::cache_server(cso);
        if (*chk) return cli::check_history(co);
        if (*hash) return cli::hash_keys(ho);
        if (*exp) return cli::export_bundle(labs, eo);
        if (*imp) return cli::import_bundle_file(io);
        if (*rep) return cli::report_bundle(rpo);
        if (*ab) {
            if (*ab_dur_opt) abo.run.duration = ab_duration;
            if (*ab_seed_opt) abo.run.seed = ab_seed;
            return cli::ab_lab(labs, abo);
        }
        if (*run) {
            if (*dur_opt) ro.duration = duration;
            if (*seed_opt) ro.seed = seed;
            return cli::run_lab(labs, ro, argc, argv);
        }
    } catch (const InputError& e) {
        std::cerr << "archlab-cli: " << printable_text(e.what()) << '\n';  // may quote a file: keep it one line
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "archlab-cli: run failed: " << printable_text(e.what()) << '\n';
        return 1;
    }
    return 0;
}
