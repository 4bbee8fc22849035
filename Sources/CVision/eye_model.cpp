// Eyes through two MediaPipe models run by cv::dnn (converted from TFLite by scripts/convert/tflite_to_onnx.py):
// the face mesh (a 192x192 RGB/255 crop of 1.5x the face box, turned so the eyes are level; 468 points in crop
// pixels, and a face presence logit) gives each eye's corners and lids; the iris model (a 64x64 RGB/255 crop centred
// between the corners, 2.3x their distance, turned with them; the image-right eye mirrored, as the model expects one
// side) gives the iris centre and contour. Everything is mapped back to image pixels. On request the 478 points of
// MediaPipe's refined layout come back too: the 468 mesh points, then the image-left eye's five iris points and the
// image-right eye's (468-472 and 473-477), which is what the blendshape model reads.
#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>
#include "guard.hpp"

struct cvn_eye_model {
    cv::dnn::Net mesh, iris;
    cv::Mat crop, blob;
};

namespace {

constexpr int kMeshSize = 192, kIrisSize = 64, kMeshPoints = 468, kIrisPoints = 5;
constexpr float kMeshScale = 1.5f, kIrisScale = 2.3f;
// Mesh indices: image-left eye (the subject's right) outer corner 33, inner 133, upper lid 159, lower lid 145;
// image-right eye (the subject's left) inner corner 362, outer 263, upper lid 386, lower lid 374.
constexpr int kEyePoints[2][4] = {{33, 133, 159, 145}, {362, 263, 386, 374}};

/// A square crop of side `side` pixels centred on `centre`, turned by `angle` radians, sampled to `size` pixels.
struct Crop {
    cv::Point2f centre;
    float side, angle;
    int size;

    cv::Mat to_crop() const {
        const float scale = size / side, c = std::cos(angle) * scale, s = std::sin(angle) * scale;
        return (cv::Mat_<double>(2, 3) << c, s, size / 2.0 - c * centre.x - s * centre.y, -s, c,
                size / 2.0 + s * centre.x - c * centre.y);
    }

    cv::Point2f to_image(float u, float v) const {
        const float scale = side / size, c = std::cos(angle) * scale, s = std::sin(angle) * scale;
        const float du = u - size / 2.0f, dv = v - size / 2.0f;
        return {centre.x + c * du - s * dv, centre.y + s * du + c * dv};
    }
};

/// The crop as an RGB/255 blob (mirrored left to right when asked) into model->blob.
void sample(cvn_eye_model *model, const cv::Mat &source, const Crop &crop, bool mirror) {
    cv::warpAffine(source, model->crop, crop.to_crop(), cv::Size(crop.size, crop.size), cv::INTER_LINEAR,
                   cv::BORDER_CONSTANT, cv::Scalar::all(0));
    if (mirror) cv::flip(model->crop, model->crop, 1);
    cv::dnn::blobFromImage(model->crop, model->blob, 1.0 / 255.0, cv::Size(), cv::Scalar(), true, false);
}

/// The 468 mesh points in image pixels, and the face presence probability.
std::vector<cv::Point2f> run_mesh(cvn_eye_model *model, const cv::Mat &source, const Crop &crop, float *score) {
    sample(model, source, crop, false);
    model->mesh.setInput(model->blob);
    std::vector<cv::Mat> outputs;
    model->mesh.forward(outputs, std::vector<cv::String>{"conv2d_20", "conv2d_30"});
    if (outputs[0].total() != kMeshPoints * 3 || outputs[1].total() != 1)
        throw std::runtime_error("unexpected face mesh output shape");
    const float *values = outputs[0].ptr<float>();
    std::vector<cv::Point2f> points(kMeshPoints);
    for (int i = 0; i < kMeshPoints; ++i) points[i] = crop.to_image(values[3 * i], values[3 * i + 1]);
    *score = 1.f / (1.f + std::exp(-outputs[1].ptr<float>()[0]));
    return points;
}

/// The iris of the eye between `a` and `b` (corners in image order), in image pixels: the centre, then four points
/// of its contour (the model's order).
std::vector<cv::Point2f> run_iris(cvn_eye_model *model, const cv::Mat &source, cv::Point2f a, cv::Point2f b,
                                  bool mirror) {
    const cv::Point2f gap = b - a;
    const float distance = std::hypot(gap.x, gap.y);
    if (!(distance >= 2)) throw std::invalid_argument("eye too small to locate the iris");
    const Crop crop{(a + b) * 0.5f, distance * kIrisScale, std::atan2(gap.y, gap.x), kIrisSize};
    sample(model, source, crop, mirror);
    model->iris.setInput(model->blob);
    std::vector<cv::Mat> outputs;
    model->iris.forward(outputs, std::vector<cv::String>{"output_iris"});
    if (outputs[0].total() != kIrisPoints * 3) throw std::runtime_error("unexpected iris output shape");
    const float *values = outputs[0].ptr<float>();
    std::vector<cv::Point2f> iris(kIrisPoints);
    for (int i = 0; i < kIrisPoints; ++i)
        iris[i] = crop.to_image(mirror ? kIrisSize - values[3 * i] : values[3 * i], values[3 * i + 1]);
    return iris;
}

/// One eye from the mesh points and the iris model; its iris points are appended to `iris_points`.
cvn_eye locate_eye(cvn_eye_model *model, const cv::Mat &source, const std::vector<cv::Point2f> &mesh, int side,
                   std::vector<cv::Point2f> &iris_points) {
    const int *index = kEyePoints[side];
    const cv::Point2f left = mesh[index[0]], right = mesh[index[1]];
    const std::vector<cv::Point2f> iris = run_iris(model, source, left, right, side == 1);
    iris_points.insert(iris_points.end(), iris.begin(), iris.end());
    const cv::Point2f upper = mesh[index[2]], lower = mesh[index[3]];
    return cvn_eye{left.x, left.y, right.x, right.y, iris[0].x, iris[0].y, upper.x, upper.y, lower.x, lower.y};
}

} // namespace

int cvn_eye_model_create(const char *mesh_path, const char *iris_path, cvn_eye_model **out, char *error,
                         size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        if (!mesh_path || !iris_path || !out) throw std::invalid_argument("model paths and output handle required");
        auto model = std::make_unique<cvn_eye_model>();
        model->mesh = cv::dnn::readNetFromONNX(mesh_path);
        model->iris = cv::dnn::readNetFromONNX(iris_path);
        if (model->mesh.empty() || model->iris.empty()) throw std::runtime_error("no layers in the eye models");
        *out = model.release();
    });
}

void cvn_eye_model_destroy(cvn_eye_model *model) { delete model; }

int cvn_eye_model_locate(cvn_eye_model *model, cvn_image image, float x, float y, float width, float height,
                         float left_eye_x, float left_eye_y, float right_eye_x, float right_eye_y, cvn_eye eyes[2],
                         float *landmarks, int32_t landmark_capacity, float *face_score, char *error,
                         size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        if (!model || !eyes || !face_score) throw std::invalid_argument("null argument");
        if (landmarks && landmark_capacity < CVN_FACE_LANDMARKS * 2)
            throw std::invalid_argument("the landmark buffer holds fewer than 478 points");
        const float values[] = {x, y, width, height, left_eye_x, left_eye_y, right_eye_x, right_eye_y};
        if (!std::all_of(std::begin(values), std::end(values), [](float v) { return std::isfinite(v); }) ||
            width < 8 || height < 8)
            throw std::invalid_argument("face box and eye points must be finite, the box at least 8 pixels");
        const cv::Mat source = cvision::borrow(image);
        const float angle = std::atan2(right_eye_y - left_eye_y, right_eye_x - left_eye_x);
        const Crop crop{{x + width / 2, y + height / 2}, std::max(width, height) * kMeshScale, angle, kMeshSize};
        std::vector<cv::Point2f> points = run_mesh(model, source, crop, face_score);
        std::vector<cv::Point2f> iris;
        for (int side = 0; side < 2; ++side) eyes[side] = locate_eye(model, source, points, side, iris);
        if (!landmarks) return;
        points.insert(points.end(), iris.begin(), iris.end());
        for (size_t i = 0; i < points.size(); ++i) {
            landmarks[2 * i] = points[i].x;
            landmarks[2 * i + 1] = points[i].y;
        }
    });
}
