// COCO object detection through cv::dnn. One kind is supported:
//   "darknet-yolo"  a Darknet YOLO network (cfg + weights; the project uses YOLOv4-tiny, chosen in
//                   docs/OBJECT_DETECTORS.md), input size from the cfg's [net] section, RGB/255, plain resize.
// Decoding: OpenCV's Darknet region layer already turns each output row into
//   [centre x, centre y, width, height (0-1 of the input), objectness, 80 class scores (objectness x class prob)],
// so the scores are read directly, boxes are scaled back to the region, then NMS runs per class.
//
// OpenCV 4.6's Darknet importer zeroes every class score below the cfg's [yolo] `thresh` (0.2 when absent), which
// would hide the low-scoring phones the chosen thresholds rely on. The cfg is therefore patched in memory at load:
// each [yolo] section gets `thresh=0.005` (replacing any `thresh` it had), so the file on disk stays byte-identical
// to the published one and keeps its pinned sha256.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>
#include "guard.hpp"

namespace {

/// Score below which OpenCV's Darknet layer zeroes class scores once the cfg is patched.
constexpr const char *kLowThreshold = "0.005";
/// IoU above which a lower-scoring box of the same class is suppressed (Darknet's default).
constexpr float kNmsIoU = 0.45f;

std::string trim(const std::string &text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos) return "";
    const auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

std::vector<uchar> read_file(const char *path, const char *what) {
    if (!path || !*path) throw std::invalid_argument(std::string("no ") + what + " path given");
    std::ifstream file(path, std::ios::binary);
    if (!file) throw std::runtime_error(std::string("cannot open ") + what + " " + path);
    return std::vector<uchar>(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

/// The cfg with `thresh=kLowThreshold` in every [yolo] section; also reads the [net] input width and height.
std::vector<uchar> patch_darknet_cfg(const std::vector<uchar> &cfg, int *width, int *height) {
    std::istringstream lines(std::string(cfg.begin(), cfg.end()));
    std::ostringstream out;
    std::string line, section;
    while (std::getline(lines, line)) {
        const std::string text = trim(line);
        if (!text.empty() && text.front() == '[') {
            section = text;
            out << line << '\n';
            if (section == "[yolo]") out << "thresh=" << kLowThreshold << '\n';
            continue;
        }
        const auto equals = text.find('=');
        const std::string key = equals == std::string::npos ? "" : trim(text.substr(0, equals));
        if (section == "[yolo]" && key == "thresh") continue;  // ours, written under the header, wins
        if (section == "[net]" && (key == "width" || key == "height")) {
            const int value = std::stoi(trim(text.substr(equals + 1)));
            *(key == "width" ? width : height) = value;
        }
        out << line << '\n';
    }
    const std::string patched = out.str();
    return std::vector<uchar>(patched.begin(), patched.end());
}

} // namespace

struct cvn_object_detector {
    cv::dnn::Net net;
    cv::Size input;
    std::vector<std::string> output_names;
    // Reused across calls.
    cv::Mat resized, blob;
    std::vector<cv::Mat> outputs;
    std::vector<std::vector<cv::Rect2d>> boxes;   // per class
    std::vector<std::vector<float>> scores;       // per class
};

int cvn_object_detector_create(const char *kind, const char *weights_path, const char *config_path,
                               cvn_object_detector **out, char *error, size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        if (!out) throw std::invalid_argument("no output handle");
        const std::string name = kind ? kind : "";
        if (name != "darknet-yolo")
            throw std::invalid_argument("unknown object detector kind '" + name + "' (supported: darknet-yolo)");
        int width = 0, height = 0;
        const std::vector<uchar> cfg = patch_darknet_cfg(read_file(config_path, "Darknet cfg"), &width, &height);
        if (width <= 0 || height <= 0 || width % 32 != 0 || height % 32 != 0)
            throw std::invalid_argument("the cfg's [net] width and height must be positive multiples of 32");
        const std::vector<uchar> weights = read_file(weights_path, "Darknet weights");
        auto detector = std::make_unique<cvn_object_detector>();
        detector->net = cv::dnn::readNetFromDarknet(cfg, weights);
        if (detector->net.empty()) throw std::runtime_error("OpenCV could not build the Darknet network");
        detector->input = cv::Size(width, height);
        detector->output_names = detector->net.getUnconnectedOutLayersNames();
        *out = detector.release();
    });
}

void cvn_object_detector_destroy(cvn_object_detector *detector) { delete detector; }

namespace {

/// The region to look at: the whole image, or the given box clipped to it.
cv::Rect detection_region(const cv::Mat &source, float x, float y, float width, float height) {
    if (width <= 0 || height <= 0) return cv::Rect(0, 0, source.cols, source.rows);
    const cv::Rect region = cvision::pixel_rect(source, x, y, width, height);
    if (region.width < 2 || region.height < 2) throw std::invalid_argument("region lies outside the image");
    return region;
}

/// Every output row's class scores of at least `floor_score`, with boxes scaled back to the region and clipped to
/// it, into the detector's per-class lists.
void collect_candidates(cvn_object_detector *detector, const cv::Rect &region, float floor_score) {
    auto &boxes = detector->boxes;
    auto &scores = detector->scores;
    for (auto &list : boxes) list.clear();
    for (auto &list : scores) list.clear();
    for (const cv::Mat &output : detector->outputs) {
        const cv::Mat rows = output.reshape(1, int(output.total() / output.size[output.dims - 1]));
        const int classes = rows.cols - 5;
        if (classes <= 0) throw std::runtime_error("unexpected detector output shape");
        if (int(boxes.size()) < classes) {
            boxes.resize(classes);
            scores.resize(classes);
        }
        for (int r = 0; r < rows.rows; ++r) {
            const float *row = rows.ptr<float>(r);
            const double w = double(row[2]) * region.width, h = double(row[3]) * region.height;
            const double left = region.x + double(row[0]) * region.width - w / 2;
            const double top = region.y + double(row[1]) * region.height - h / 2;
            const cv::Rect2d box = cv::Rect2d(left, top, w, h) & cv::Rect2d(region);
            for (int c = 0; c < classes; ++c) {
                if (row[5 + c] < floor_score || box.width <= 0 || box.height <= 0) continue;
                boxes[c].push_back(box);
                scores[c].push_back(row[5 + c]);
            }
        }
    }
}

/// Non-maximum suppression per class, then every kept object, best first (ties by class).
std::vector<cvn_object> suppress(const cvn_object_detector *detector, float floor_score) {
    std::vector<cvn_object> found;
    std::vector<int> kept;
    for (int c = 0; c < int(detector->boxes.size()); ++c) {
        if (detector->boxes[c].empty()) continue;
        cv::dnn::NMSBoxes(detector->boxes[c], detector->scores[c], floor_score, kNmsIoU, kept);
        for (int k : kept) {
            const cv::Rect2d &box = detector->boxes[c][k];
            found.push_back(cvn_object{float(box.x), float(box.y), float(box.width), float(box.height),
                                       detector->scores[c][k], int32_t(c)});
        }
    }
    std::sort(found.begin(), found.end(), [](const cvn_object &a, const cvn_object &b) {
        return a.score != b.score ? a.score > b.score : a.class_id < b.class_id;
    });
    return found;
}

} // namespace

int cvn_object_detector_detect(cvn_object_detector *detector, cvn_image image, float x, float y, float width,
                               float height, float min_score, cvn_object *objects, int32_t capacity, int32_t *count,
                               char *error, size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        if (!detector || !count || (capacity > 0 && !objects)) throw std::invalid_argument("null argument");
        const cv::Mat source = cvision::borrow(image);
        const cv::Rect region = detection_region(source, x, y, width, height);
        cv::resize(source(region), detector->resized, detector->input, 0, 0, cv::INTER_LINEAR);
        cv::dnn::blobFromImage(detector->resized, detector->blob, 1.0 / 255.0, cv::Size(), cv::Scalar(), true, false);
        detector->net.setInput(detector->blob);
        detector->net.forward(detector->outputs, detector->output_names);
        // Scores of 0 are the ones the Darknet layer zeroed: never report them, whatever min_score says.
        const float floor_score = std::max(min_score, 1e-6f);
        collect_candidates(detector, region, floor_score);
        const std::vector<cvn_object> found = suppress(detector, floor_score);
        *count = int32_t(found.size());
        std::copy_n(found.begin(), std::min<size_t>(found.size(), size_t(std::max(capacity, 0))), objects);
    });
}
