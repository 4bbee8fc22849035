// YuNet face detection through cv::dnn (OpenCV 4.6's FaceDetectorYN cannot read the libfacedetection.train export).
// Decoding: score = sqrt(cls * obj); centre = (cell + d) * stride; size = exp(d) * stride; then NMS.
#include <algorithm>
#include <array>
#include <memory>
#include <cmath>
#include <string>
#include <vector>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>
#include "guard.hpp"

struct cvn_face_detector {
    cv::dnn::Net net;
    int input_size;
    std::vector<std::string> output_names;
    cv::Mat letterbox;
};

static const int kStrides[3] = {8, 16, 32};

int cvn_face_detector_create(const char *model_path, int32_t input_size, cvn_face_detector **out, char *error,
                             size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        if (input_size <= 0 || input_size % 32 != 0) throw std::invalid_argument("input size must be a multiple of 32");
        auto detector = std::make_unique<cvn_face_detector>();
        detector->net = cv::dnn::readNet(model_path);
        detector->input_size = input_size;
        for (const char *kind : {"cls", "obj", "bbox", "kps"})
            for (int stride : kStrides) detector->output_names.push_back(std::string(kind) + "_" + std::to_string(stride));
        detector->letterbox = cv::Mat(input_size, input_size, CV_8UC3, cv::Scalar::all(0));
        *out = detector.release();
    });
}

void cvn_face_detector_destroy(cvn_face_detector *detector) { delete detector; }

namespace {

/// Candidate faces before non-maximum suppression, in source pixels.
struct Candidates {
    std::vector<cv::Rect2d> boxes;
    std::vector<float> scores;
    std::vector<std::array<float, 10>> landmarks;
};

/// The source scaled into the top-left of the square letterbox (aspect kept, black elsewhere); returns the scale.
float letterbox(cvn_face_detector *detector, const cv::Mat &source) {
    const int size = detector->input_size;
    const float scale = std::min(float(size) / source.cols, float(size) / source.rows);
    const int scaled_width = std::max(1, int(std::lround(source.cols * scale)));
    const int scaled_height = std::max(1, int(std::lround(source.rows * scale)));
    detector->letterbox.setTo(cv::Scalar::all(0));
    cv::resize(source, detector->letterbox(cv::Rect(0, 0, scaled_width, scaled_height)),
               cv::Size(scaled_width, scaled_height), 0, 0, cv::INTER_AREA);
    return scale;
}

/// Decodes one stride level's anchors scoring at least `min_score` into `found`.
void decode_level(const std::vector<cv::Mat> &outputs, int level, int input_size, float scale, float min_score,
                  Candidates &found) {
    const int stride = kStrides[level], columns = input_size / stride;
    const float *cls = outputs[level].ptr<float>(), *obj = outputs[3 + level].ptr<float>();
    const float *bbox = outputs[6 + level].ptr<float>(), *kps = outputs[9 + level].ptr<float>();
    for (int cell = 0; cell < columns * columns; ++cell) {
        const float score = std::sqrt(std::clamp(cls[cell], 0.f, 1.f) * std::clamp(obj[cell], 0.f, 1.f));
        if (score < min_score) continue;
        const int row = cell / columns, column = cell % columns;
        const float centre_x = (column + bbox[cell * 4 + 0]) * stride, centre_y = (row + bbox[cell * 4 + 1]) * stride;
        const float width = std::exp(bbox[cell * 4 + 2]) * stride, height = std::exp(bbox[cell * 4 + 3]) * stride;
        found.boxes.emplace_back((centre_x - width / 2) / scale, (centre_y - height / 2) / scale, width / scale,
                                 height / scale);
        found.scores.push_back(score);
        std::array<float, 10> points;
        for (int k = 0; k < 5; ++k) {
            points[2 * k] = (column + kps[cell * 10 + 2 * k]) * stride / scale;
            points[2 * k + 1] = (row + kps[cell * 10 + 2 * k + 1]) * stride / scale;
        }
        found.landmarks.push_back(points);
    }
}

/// Non-maximum suppression, then the kept faces best first into `faces` (at most `capacity`); returns how many
/// were kept.
int32_t write_faces(const Candidates &found, float min_score, float nms_threshold, cvn_face *faces,
                    int32_t capacity) {
    std::vector<int> kept;
    cv::dnn::NMSBoxes(found.boxes, found.scores, min_score, nms_threshold, kept);
    std::sort(kept.begin(), kept.end(), [&](int a, int b) { return found.scores[a] > found.scores[b]; });
    for (int i = 0; i < int(kept.size()) && i < capacity; ++i) {
        const int k = kept[i];
        const cv::Rect2d &box = found.boxes[k];
        faces[i] = cvn_face{};
        faces[i].x = float(box.x);
        faces[i].y = float(box.y);
        faces[i].width = float(box.width);
        faces[i].height = float(box.height);
        faces[i].score = found.scores[k];
        std::copy(found.landmarks[k].begin(), found.landmarks[k].end(), faces[i].landmarks);
    }
    return int32_t(kept.size());
}

} // namespace

int cvn_face_detector_detect(cvn_face_detector *detector, cvn_image image, float min_score, float nms_threshold,
                             cvn_face *faces, int32_t capacity, int32_t *count, char *error, size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        if (!detector || !count || (capacity > 0 && !faces)) throw std::invalid_argument("null argument");
        const float scale = letterbox(detector, cvision::borrow(image));
        detector->net.setInput(cv::dnn::blobFromImage(detector->letterbox));
        std::vector<cv::Mat> outputs;
        detector->net.forward(outputs, detector->output_names);
        Candidates found;
        for (int level = 0; level < 3; ++level)
            decode_level(outputs, level, detector->input_size, scale, min_score, found);
        *count = write_faces(found, min_score, nms_threshold, faces, capacity);
    });
}
