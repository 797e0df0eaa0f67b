#include "core/lab/default_charts.h"

#include <atomic>
#include <filesystem>

#include "core/platform/process_id.h"
#include "core/runtime/sim_runtime.h"

namespace archlab {

std::vector<ChartSpec> charts_for(const Lab& lab, const Settings& settings) {
    static std::atomic<int> counter{0};
    const auto dir = std::filesystem::temp_directory_path() /
                     ("archlab-charts-" + std::to_string(platform::current_process_id()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(dir);
    std::vector<ChartSpec> charts;
    {
        SimRuntime runtime(1);
        const std::unique_ptr<LabRun> run = lab.build(RunEnv{runtime, TimeMode::Virtual, 1, dir}, settings);
        charts = run->charts();
    }
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return charts;
}

}  // namespace archlab
