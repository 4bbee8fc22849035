// Face identity descriptors with dlib (Debian's libdlib 19.24): dlib's 5-point shape predictor finds the eye corners
// and the base of the nose inside the face box, get_face_chip_details / extract_image_chip cut a 150x150 aligned chip
// (padding 0.25, as dlib's own compute_face_descriptor does), and the ResNet of
// dlib_face_recognition_resnet_model_v1.dat maps the chip to a 128-D descriptor (Euclidean distance; dlib says same
// person below 0.6, the project uses FaceEmbedder.samePersonThreshold). Both models come from the
// face-recognition-models 0.3.0 sdist (models/manifest.json).
//
// This file is slow to compile (dlib's DNN is header-only templates: about 25 s of CPU at -O2, 35-60 s wall on the
// shared 2-core machine), so keep it separate from the other CVision sources.
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <dlib/dnn.h>
#include <dlib/image_processing/shape_predictor.h>
#include <dlib/image_transforms/interpolation.h>
#include <dlib/opencv/cv_image.h>
#include "guard.hpp"

namespace {

// The network type stored in dlib_face_recognition_resnet_model_v1.dat: a 29-layer ResNet on a 150x150 RGB chip.
// Deserialization checks every layer's type and shape, so this must match the file exactly.
//
// Stem: 7x7 conv (32 filters, stride 2) + affine + relu, 3x3 max pool stride 2. Then residual stages; each residual
// unit is conv3x3 -> affine -> relu -> conv3x3 -> affine, added to its input, then relu. A downsampling unit runs its
// first conv with stride 2 and adds a 2x2 average pool (stride 2) of its input to the result (dlib's add_prev adds
// over the channels both have, so the wider output keeps its extra channels). Stages from the input side: 3 x 32,
// 1 down + 3 x 64, 1 down + 2 x 128, 1 down + 2 x 256, 1 down x 256 (29 conv layers in all); global average pool;
// 128-unit fully connected layer without bias; metric loss. The batch-norm layers of training load as affine layers.
template <int filters, int stride, typename SUBNET>
using conv_pair = dlib::affine<dlib::con<filters, 3, 3, 1, 1,
                  dlib::relu<dlib::affine<dlib::con<filters, 3, 3, stride, stride, SUBNET>>>>>;

template <int filters, typename SUBNET>
using unit = dlib::relu<dlib::add_prev1<conv_pair<filters, 1, dlib::tag1<SUBNET>>>>;

template <int filters, typename SUBNET>
using unit_down = dlib::relu<dlib::add_prev2<dlib::avg_pool<2, 2, 2, 2,
                  dlib::skip1<dlib::tag2<conv_pair<filters, 2, dlib::tag1<SUBNET>>>>>>>;

template <typename SUBNET> using stage_256_down = unit_down<256, SUBNET>;
template <typename SUBNET> using stage_256 = unit<256, unit<256, unit_down<256, SUBNET>>>;
template <typename SUBNET> using stage_128 = unit<128, unit<128, unit_down<128, SUBNET>>>;
template <typename SUBNET> using stage_64 = unit<64, unit<64, unit<64, unit_down<64, SUBNET>>>>;
template <typename SUBNET> using stage_32 = unit<32, unit<32, unit<32, SUBNET>>>;

using recognition_net = dlib::loss_metric<dlib::fc_no_bias<128, dlib::avg_pool_everything<
    stage_256_down<stage_256<stage_128<stage_64<stage_32<
    dlib::max_pool<3, 3, 2, 2, dlib::relu<dlib::affine<dlib::con<32, 7, 7, 2, 2,
    dlib::input_rgb_image_sized<150>>>>>>>>>>>>>;

constexpr unsigned long kChipSize = 150;
constexpr double kChipPadding = 0.25;

// The box handed to the shape predictor: YuNet's box as it is, on purpose.
// dlib's 5-point predictor was trained on dlib's own detector boxes. On the 31 faces of the labelled stills and video
// frames, dlib's HOG box is square, about 1.1x YuNet's width, centred on the same x and about 7% of YuNet's height
// lower (YuNet's box is ~1.4x taller than wide and includes the forehead). Feeding the predictor the raw YuNet box,
// the actual HOG box, or YuNet's box made square (side = its width, mean side or longer side, or 0.9-1.2x the width,
// moved down 0-10% of the height) gave the same separation within noise: on the seven identity stills the largest
// same-person distance stayed 0.40-0.42 and the closest different-person pair 0.79-0.80 for every variant; over 465
// pairs (stills plus video frames) the ranking (AUC 0.999-1.000) and the worst pairs moved by about 0.05 at most,
// and the raw box had the best AUC and the smallest worst same-person distance. Only cutting the forehead harder (a
// square of YuNet's width aligned to its bottom edge) hurt: Obama b01/b02 went from 0.36 to 0.78. The predictor is
// tolerant of YuNet's framing, so no adjustment is made.
dlib::rectangle predictor_box(float x, float y, float width, float height) {
    return dlib::rectangle(long(std::lround(x)), long(std::lround(y)), long(std::lround(x + width)) - 1,
                           long(std::lround(y + height)) - 1);
}

} // namespace

struct cvn_face_embedder {
    dlib::shape_predictor predictor;
    recognition_net net;
};

int cvn_face_embedder_create(const char *shape_predictor_path, const char *recognition_model_path,
                             cvn_face_embedder **out, char *error, size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        if (!shape_predictor_path || !recognition_model_path || !out) throw std::invalid_argument("null argument");
        auto embedder = std::make_unique<cvn_face_embedder>();
        try {
            dlib::deserialize(shape_predictor_path) >> embedder->predictor;
        } catch (const std::exception &exception) {
            throw std::runtime_error(std::string("shape predictor ") + shape_predictor_path + ": " + exception.what());
        }
        if (embedder->predictor.num_parts() != 5)
            throw std::runtime_error(std::string(shape_predictor_path) + " is not a 5-point shape predictor");
        try {
            dlib::deserialize(recognition_model_path) >> embedder->net;
        } catch (const std::exception &exception) {
            throw std::runtime_error(std::string("recognition model ") + recognition_model_path + ": " +
                                     exception.what());
        }
        *out = embedder.release();
    });
}

void cvn_face_embedder_destroy(cvn_face_embedder *embedder) { delete embedder; }

int cvn_face_embedder_embed(cvn_face_embedder *embedder, cvn_image image, float x, float y, float width,
                            float height, float descriptor[CVN_FACE_DESCRIPTOR_SIZE], char *error,
                            size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        if (!embedder || !descriptor) throw std::invalid_argument("null argument");
        if (!std::isfinite(x) || !std::isfinite(y) || !std::isfinite(width) || !std::isfinite(height) ||
            width < 1 || height < 1)
            throw std::invalid_argument("face box must be finite and at least 1 pixel wide and high");
        const cv::Mat source = cvision::borrow(image);
        if (x >= source.cols || y >= source.rows || x + width <= 0 || y + height <= 0)
            throw std::invalid_argument("face box lies outside the image");
        const dlib::cv_image<dlib::bgr_pixel> pixels(source);  // no copy; read only

        const dlib::full_object_detection shape = embedder->predictor(pixels, predictor_box(x, y, width, height));
        dlib::matrix<dlib::rgb_pixel> chip;  // bgr -> rgb happens in assign_pixel
        dlib::extract_image_chip(pixels, dlib::get_face_chip_details(shape, kChipSize, kChipPadding), chip);

        const dlib::matrix<float, 0, 1> result = embedder->net(chip);
        if (result.size() != CVN_FACE_DESCRIPTOR_SIZE)
            throw std::runtime_error("recognition model gave " + std::to_string(result.size()) + " values, not 128");
        for (long i = 0; i < result.size(); ++i) descriptor[i] = result(i);
    });
}
