// frame_sweep: decodes videos the way ProctorMedia/VideoSampler.swift does and runs every CVision entry point the
// local analysis uses on every decoded frame, so that the memory-unsafe code (Sources/CVision/*.cpp and
// Sources/CFFmpeg/shim.h) can be run under AddressSanitizer + UBSan over many picture sizes and pixel formats.
// Built and driven by run.sh beside this file.
//
// Usage: frame_sweep [--models DIR] [--out DIR] [--no-guard] VIDEO...
//
// Per clip it prints one line `CLIP <name> ...` with what was decoded and found, one `CV_ERROR <class> ...` line per
// failed CVision call, and `FAIL ...` lines for anything that must not happen. Exit status: 0 clean; 3 when a call
// that must succeed on a valid frame returned CV_ERROR; 4 when decoding or BGR conversion failed or the converted
// pixels differ from a reference conversion; 2 on bad usage or when a model cannot be loaded. Sanitizer reports
// abort the process (run.sh sets halt_on_error).
//
// CV_ERROR classes:
//   expected    legitimate for this input and tolerated by the Swift caller (it ignores the failure, or never makes
//               the call with these arguments in practice): an iris patch without a dark blob, a face box with
//               nothing inside the frame, a JPEG scale that rounds the picture to nothing, an object-detector crop
//               region under 2 pixels;
//   UNEXPECTED  the call must succeed on a valid frame with these arguments (the Swift caller would fail the frame
//               or the request).
//
// Why pixel buffers sit against guard pages: libswscale (like OpenCV, dlib and Tesseract) is not compiled with ASan,
// so bytes its SIMD code writes past the end of one of our heap buffers are not checked: ASan says nothing when the
// old conversion (sws_scale straight into an exact width * 3 * height buffer) overruns it. The destination handed to
// pf_frame_to_bgr, and the private buffer pf_frame_to_bgr allocates through av_malloc, are therefore placed so that
// their last byte is the last byte before a PROT_NONE page: any write past the end, instrumented or not, is a SEGV
// on a WRITE that ASan reports (a stack inside an uninstrumented library has one frame; the STEP lines printed
// before each stage say where it happened). Bytes written by instrumented code, like the memcpy of the visible
// rows, are checked by ASan as usual. --no-guard uses plain heap buffers instead.
extern "C" {
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libavutil/display.h>
#include <libavutil/imgutils.h>
#include <libavutil/mem.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <vector>

// ---------------------------------------------------------------------------------------------------------------
// Guard-page allocations.

namespace guard {

bool enabled = true;

struct Mapping {
    void *base;
    size_t length;
};
std::map<void *, Mapping> mappings;

/// `size` bytes whose end touches a PROT_NONE page; the start is 64-byte aligned when `size` is a multiple of 64
/// (av_malloc's alignment), which every size pf_frame_to_bgr asks for is.
uint8_t *allocate(size_t size) {
    const size_t page = size_t(sysconf(_SC_PAGESIZE));
    const size_t pages = (size + 64 + page - 1) / page;
    const size_t length = (pages + 1) * page;
    void *base = mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) return nullptr;
    uint8_t *fence = static_cast<uint8_t *>(base) + pages * page;
    if (mprotect(fence, page, PROT_NONE) != 0) {
        munmap(base, length);
        return nullptr;
    }
    uint8_t *start = fence - size;
    mappings[start] = Mapping{base, length};
    return start;
}

void release(void *pointer) {
    if (!pointer) return;
    auto found = mappings.find(pointer);
    if (found == mappings.end()) {
        std::fprintf(stderr, "FAIL guard::release of a pointer it did not allocate\n");
        std::abort();
    }
    munmap(found->second.base, found->second.length);
    mappings.erase(found);
}

} // namespace guard

// pf_frame_to_bgr's private buffer comes from av_malloc / av_free: route those two calls (and only in shim.h) through
// the guard allocator. Every other FFmpeg header is already included above, so nothing else is affected.
static void *sweep_av_malloc(size_t size) { return guard::enabled ? guard::allocate(size) : av_malloc(size); }
static void sweep_av_free(void *pointer) {
    if (guard::enabled) guard::release(pointer);
    else av_free(pointer);
}
#define av_malloc sweep_av_malloc
#define av_free sweep_av_free
extern "C" {
#include "shim.h"
}
#undef av_malloc
#undef av_free

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "CVision.h"

// ---------------------------------------------------------------------------------------------------------------
// Reporting.

namespace {

struct Tally {
    int expected = 0;
    int unexpected = 0;
    int failures = 0;
};

Tally total;
std::string current_clip;
int current_frame = 0;
/// Calls made per entry point in the current clip (successful or not).
std::map<std::string, int> calls;

enum class Need { must, may };

/// Records a CVision status; `need` says whether CV_ERROR is acceptable for this call with these arguments.
bool check(int status, const char *call, Need need, const char *error, Tally &clip, const std::string &detail = "") {
    calls[call] += 1;
    if (status == CV_OK) return true;
    const bool expected = need == Need::may;
    (expected ? clip.expected : clip.unexpected) += 1;
    std::printf("CV_ERROR %s %s frame %d %s%s%s: %s\n", expected ? "expected" : "UNEXPECTED", current_clip.c_str(),
                current_frame, call, detail.empty() ? "" : " ", detail.c_str(), error);
    return false;
}

void fail(Tally &clip, const std::string &message) {
    clip.failures += 1;
    std::printf("FAIL %s frame %d: %s\n", current_clip.c_str(), current_frame, message.c_str());
}

std::string av_text(int code) {
    char buffer[256] = {0};
    pf_error_text(code, buffer, sizeof buffer);
    return buffer;
}

// ---------------------------------------------------------------------------------------------------------------
// The models, loaded once.

struct Models {
    cvn_face_detector *faces = nullptr;
    cvn_blendshape_model *blendshapes = nullptr;
    cvn_object_detector *objects = nullptr;
    cvn_text_detector *text = nullptr;
    cvn_text_reader *reader = nullptr;
    cvn_face_embedder *identity = nullptr;
    cvn_eye_model *eyes = nullptr;

    ~Models() {
        cvn_face_detector_destroy(faces);
        cvn_blendshape_model_destroy(blendshapes);
        cvn_object_detector_destroy(objects);
        cvn_text_detector_destroy(text);
        cvn_text_reader_destroy(reader);
        cvn_face_embedder_destroy(identity);
        cvn_eye_model_destroy(eyes);
    }
};

bool load(Models &models, const std::string &directory) {
    char error[1024] = {0};
    auto path = [&](const char *file) { return directory + "/" + file; };
    auto loaded = [&](int status, const char *what) {
        if (status == CV_OK) return true;
        std::fprintf(stderr, "frame_sweep: cannot load %s: %s\n", what, error);
        return false;
    };
    // Arguments as in FaceDetector, FaceBlendshapes, ObjectDetector, TextDetector, TextReader, FaceEmbedder,
    // EyeLandmarker.
    return loaded(cvn_face_detector_create(path("yunet_n_320_320.onnx").c_str(), 320, &models.faces, error,
                                           sizeof error), "face detector") &&
           loaded(cvn_blendshape_model_create(path("mp_face_blendshapes.tensors").c_str(), &models.blendshapes,
                                              error, sizeof error), "blendshape model") &&
           loaded(cvn_object_detector_create("darknet-yolo", path("yolov4-tiny.weights").c_str(),
                                             path("yolov4-tiny.cfg").c_str(), &models.objects, error,
                                             sizeof error), "object detector") &&
           loaded(cvn_text_detector_create(path("ppocr_v4_det_cv46.onnx").c_str(), 512, &models.text, error,
                                           sizeof error), "text detector") &&
           loaded(cvn_text_reader_create("eng", &models.reader, error, sizeof error), "text reader") &&
           loaded(cvn_face_embedder_create(path("shape_predictor_5_face_landmarks.dat").c_str(),
                                           path("dlib_face_recognition_resnet_model_v1.dat").c_str(),
                                           &models.identity, error, sizeof error), "face embedder") &&
           loaded(cvn_eye_model_create(path("mp_face_landmark_468.onnx").c_str(), path("mp_iris_landmark.onnx").c_str(),
                                       &models.eyes, error, sizeof error), "eye models");
}

// ---------------------------------------------------------------------------------------------------------------
// Ports of the Swift arithmetic that decides the arguments (kept in step with the files named).

struct Box {
    double x, y, width, height;
};

/// PixelBox.relative(to:) followed by the callers' `relative * size`: the box clipped to the image, in pixels.
Box clipped(const Box &box, int width, int height) {
    const double left = std::max(0.0, box.x), top = std::max(0.0, box.y);
    const double right = std::min(double(width), box.x + box.width);
    const double bottom = std::min(double(height), box.y + box.height);
    const double w = std::max(0.0, right - left) / width, h = std::max(0.0, bottom - top) / height;
    return Box{left / width * width, top / height * height, w * width, h * height};
}

/// A box of whole pixels at fractions of the frame, at least one pixel wide and high and inside the frame.
Box inner_box(int width, int height, double left, double top, double box_width, double box_height) {
    const int w = std::max(1, int(width * box_width)), h = std::max(1, int(height * box_height));
    const int x = std::min(width - w, int(width * left)), y = std::min(height - h, int(height * top));
    return Box{double(x), double(y), double(w), double(h)};
}

/// VideoSampler.rightAngle(clockwise:): the right angle nearest to the display rotation.
int right_angle(double clockwise) {
    if (!std::isfinite(clockwise)) return 0;
    const double declared = std::fmod(std::fmod(clockwise, 360.0) + 360.0, 360.0);
    return int(std::lround(declared / 90.0)) % 4 * 90;  // Swift's rounded() rounds half away from zero, as lround
}

/// PixelRotation.rotate: packed BGR turned clockwise by 90, 180 or 270 degrees.
std::vector<uint8_t> rotate(const std::vector<uint8_t> &pixels, int width, int height, int degrees) {
    if (degrees != 90 && degrees != 180 && degrees != 270) return pixels;
    std::vector<uint8_t> rotated(pixels.size());
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            size_t target;
            if (degrees == 90) target = (size_t(x) * height + (height - 1 - y)) * 3;
            else if (degrees == 180) target = (size_t(height - 1 - y) * width + (width - 1 - x)) * 3;
            else target = (size_t(width - 1 - x) * height + y) * 3;
            const size_t origin = (size_t(y) * width + x) * 3;
            std::memcpy(&rotated[target], &pixels[origin], 3);
        }
    return rotated;
}

struct Pose {
    double yaw, roll;  // degrees
};

/// HeadPoseEstimator.estimate (yaw and roll: what EyeDirectionEstimator needs). Points: image-left eye, image-right
/// eye, nose, mouth left, mouth right, as LocalAnalyzer passes YuNet's landmarks 0..4.
bool head_pose(const float *points, Pose &pose) {
    const double lx = points[0], ly = points[1], rx = points[2], ry = points[3], nx = points[4], ny = points[5];
    const double mx = (points[6] + points[8]) / 2, my = (points[7] + points[9]) / 2;
    const double roll = std::atan2(ry - ly, rx - lx);
    const double cx = (lx + rx) / 2, cy = (ly + ry) / 2;
    auto upright = [&](double x, double y, double &ux, double &uy) {
        const double dx = x - cx, dy = y - cy;
        ux = dx * std::cos(-roll) - dy * std::sin(-roll);
        uy = dx * std::sin(-roll) + dy * std::cos(-roll);
    };
    double left_x, left_y, right_x, right_y, tip_x, tip_y, mouth_x, mouth_y;
    upright(lx, ly, left_x, left_y);
    upright(rx, ry, right_x, right_y);
    upright(nx, ny, tip_x, tip_y);
    upright(mx, my, mouth_x, mouth_y);
    const double to_left = tip_x - left_x, to_right = right_x - tip_x;
    if (!(to_left + to_right > 0) || !(mouth_y > 0)) return false;
    pose.yaw = std::atan((to_left - to_right) / (to_left + to_right)) * 180 / M_PI;
    pose.roll = roll * 180 / M_PI;
    return true;
}

// ---------------------------------------------------------------------------------------------------------------
// One frame through the local analysis.

struct Found {
    int faces = 0, objects = 0, text = 0, read = 0;
};

/// A contiguous BGR copy of the part of the picture inside `box` (Frame.cropped(to:margin:) with margin 0.3, as
/// RekognitionAnalyzer makes reference crops): what cvn_encode_jpeg gets for a face crop.
std::vector<uint8_t> crop(const std::vector<uint8_t> &pixels, int width, int height, const Box &box, int &crop_width,
                          int &crop_height) {
    const double margin = 0.3;
    auto down = [](double value) { return int(std::floor(value + 1e-9)); };
    auto up = [](double value) { return int(std::ceil(value - 1e-9)); };
    const int left = std::min(width - 1, std::max(0, down(box.x - box.width * margin)));
    const int top = std::min(height - 1, std::max(0, down(box.y - box.height * margin)));
    const int right = std::min(width, up(box.x + box.width * (1 + margin)));
    const int bottom = std::min(height, up(box.y + box.height * (1 + margin)));
    crop_width = std::max(1, right - left);
    crop_height = std::max(1, bottom - top);
    std::vector<uint8_t> out;
    out.reserve(size_t(crop_width) * crop_height * 3);
    for (int row = top; row < top + crop_height; ++row) {
        const size_t start = (size_t(row) * width + left) * 3;
        out.insert(out.end(), pixels.begin() + long(start), pixels.begin() + long(start + size_t(crop_width) * 3));
    }
    return out;
}

/// A JPEG with an Exif APP1 segment (orientation = 6: rotate 90 degrees clockwise to display) inserted after SOI.
std::vector<uint8_t> with_exif_orientation(const uint8_t *jpeg, size_t length, uint16_t orientation) {
    const uint8_t exif[] = {
        0xFF, 0xE1, 0x00, 0x22,                          // APP1, length 34 (this field + 32 bytes)
        'E', 'x', 'i', 'f', 0x00, 0x00,                  // Exif header
        'I', 'I', 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00,    // little-endian TIFF, first IFD at offset 8
        0x01, 0x00,                                      // one entry
        0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00,  // tag 0x0112 Orientation, SHORT, count 1
        uint8_t(orientation & 0xFF), uint8_t(orientation >> 8), 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00,                          // no next IFD
    };
    std::vector<uint8_t> out(jpeg, jpeg + 2);
    out.insert(out.end(), exif, exif + sizeof exif);
    out.insert(out.end(), jpeg + 2, jpeg + length);
    return out;
}

void analyse(Models &models, const std::vector<uint8_t> &pixels, int width, int height, bool first_frame,
             const std::string &out_dir, Tally &clip, Found &found) {
    char error[1024];
    const cvn_image image{pixels.data(), width, height, width * 3};
    std::vector<cvn_box> evidence;

    // ImageMeasurement.measure: 32 x 18 thumbnail.
    {
        float brightness = 0, sharpness = 0;
        std::vector<uint8_t> thumbnail(32 * 18);
        error[0] = 0;
        check(cvn_measure_image(image, &brightness, &sharpness, 32, 18, thumbnail.data(), error, sizeof error),
              "cvn_measure_image", Need::must, error, clip);
    }

    // LocalAnalyzer.detectFaces: min score 0.3, NMS 0.3, 64 faces.
    std::vector<cvn_face> faces(64);
    int32_t face_count = 0;
    error[0] = 0;
    if (!check(cvn_face_detector_detect(models.faces, image, 0.3f, 0.3f, faces.data(), 64, &face_count, error,
                                        sizeof error), "cvn_face_detector_detect", Need::must, error, clip))
        face_count = 0;
    const int kept = std::min<int>(face_count, 64);
    found.faces += kept;

    // Per face: eye direction (EyeDirectionEstimator) and, from the same mesh's 478 landmarks, the blendshapes that
    // give the expression, for faces scoring 0.5 or more (LocalAnalysisOptions.minFaceScore); the identity
    // descriptor of the largest such face on the box clipped to the frame (FaceObservation.box is relative and
    // clipped).
    int largest = -1;
    double largest_area = -1;
    auto locate_eyes = [&](const Box &box, const float *points, const Pose &pose, const char *what) {
        const double distance = std::hypot(points[2] - points[0], points[3] - points[1]);
        if (distance < 24.0 || std::abs(pose.yaw) > 40.0) return;  // EyeDirectionEstimator.canMeasure
        cvn_eye eyes[2];
        float score = 0, landmarks[CVN_FACE_LANDMARKS * 2], blendshapes[CVN_BLENDSHAPES];
        error[0] = 0;
        // The Swift caller leaves the face without eye direction and expression on a failure (an eye crop too small
        // to read), and without expression when the blendshapes fail (landmarks collapsed to a point).
        if (!check(cvn_eye_model_locate(models.eyes, image, float(box.x), float(box.y), float(box.width),
                                        float(box.height), points[0], points[1], points[2], points[3], eyes,
                                        landmarks, CVN_FACE_LANDMARKS * 2, &score, error, sizeof error),
                   "cvn_eye_model_locate", Need::may, error, clip, what))
            return;
        error[0] = 0;
        check(cvn_blendshape_model_score(models.blendshapes, landmarks, blendshapes, error, sizeof error),
              "cvn_blendshape_model_score", Need::may, error, clip, what);
    };
    for (int i = 0; i < kept; ++i) {
        const cvn_face &face = faces[size_t(i)];
        Pose pose;
        if (head_pose(face.landmarks, pose))
            locate_eyes(Box{face.x, face.y, face.width, face.height}, face.landmarks, pose, "(detected face)");
        const Box box = clipped(Box{face.x, face.y, face.width, face.height}, width, height);
        evidence.push_back(cvn_box{float(box.x), float(box.y), float(box.width), float(box.height), 0, 200, 0});
        if (face.score < 0.5f) continue;
        if (box.width * box.height > largest_area) {
            largest_area = box.width * box.height;
            largest = i;
        }
    }
    if (largest >= 0) {
        const cvn_face &face = faces[size_t(largest)];
        const Box box = clipped(Box{face.x, face.y, face.width, face.height}, width, height);
        float descriptor[CVN_FACE_DESCRIPTOR_SIZE];
        error[0] = 0;
        // LocalAnalyzer propagates this error (the frame fails): it must succeed on a box of at least a pixel. A
        // sliver under a pixel is refused by design (counted as expected; the frame would fail on the Swift side).
        const bool describable = box.width >= 1 && box.height >= 1;
        check(cvn_face_embedder_embed(models.identity, image, float(box.x), float(box.y), float(box.width),
                                      float(box.height), descriptor, error, sizeof error),
              "cvn_face_embedder_embed", describable ? Need::must : Need::may, error, clip, "(detected face)");
        // JPEGEncoder on RekognitionAnalyzer's reference crop of the face (margin 0.3).
        int crop_width = 0, crop_height = 0;
        const std::vector<uint8_t> cropped = crop(pixels, width, height, box, crop_width, crop_height);
        uint8_t *bytes = nullptr;
        size_t length = 0;
        error[0] = 0;
        if (check(cvn_encode_jpeg(cvn_image{cropped.data(), crop_width, crop_height, crop_width * 3}, 1.0f, 90, &bytes,
                                  &length, error, sizeof error), "cvn_encode_jpeg", Need::must, error, clip,
                  "(face crop)"))
            cvn_free_bytes(bytes);
    }

    // The same face-dependent calls on a stand-in face in the middle of the frame, so that they run at every size
    // even where YuNet finds nothing: a box of whole pixels about 40% x 50% of the frame (at least one pixel, inside
    // it), and eyes 26 pixels apart (EyeDirectionEstimator needs 24) around its upper third, level and with a 30
    // degree roll (on a small frame the eye regions reach past its edges, as YuNet's landmarks can).
    {
        const Box box = inner_box(width, height, 0.3, 0.25, 0.4, 0.5);
        float descriptor[CVN_FACE_DESCRIPTOR_SIZE];
        error[0] = 0;
        check(cvn_face_embedder_embed(models.identity, image, float(box.x), float(box.y), float(box.width),
                                      float(box.height), descriptor, error, sizeof error),
              "cvn_face_embedder_embed", Need::must, error, clip, "(stand-in face)");
        const float cx = float(box.x + box.width / 2), cy = float(box.y + box.height / 3);
        for (double roll : {0.0, 30.0}) {
            const double r = roll * M_PI / 180;
            const float dx = float(13 * std::cos(r)), dy = float(13 * std::sin(r));
            const float points[10] = {cx - dx, cy - dy, cx + dx, cy + dy, cx,
                                      cy + 10, cx - 8, cy + 20, cx + 8, cy + 20};
            locate_eyes(box, points, Pose{0.0, roll}, "(stand-in face)");
        }
    }

    // ObjectDetector.detect on the whole frame, min score 0.05 (LocalAnalysisOptions.objectMinScore), 300 objects.
    std::vector<cvn_object> objects(300);
    int32_t object_count = 0;
    error[0] = 0;
    if (check(cvn_object_detector_detect(models.objects, image, 0, 0, 0, 0, 0.05f, objects.data(), 300,
                                         &object_count, error, sizeof error),
              "cvn_object_detector_detect", Need::must, error, clip)) {
        const int count = std::min<int>(object_count, 300);
        found.objects += count;
        for (int i = 0; i < count; ++i) {
            const cvn_object &o = objects[size_t(i)];
            const Box box = clipped(Box{o.x, o.y, o.width, o.height}, width, height);
            evidence.push_back(cvn_box{float(box.x), float(box.y), float(box.width), float(box.height), 0, 220, 240});
        }
    }
    // The detector's region form (ObjectDetector.detect(region:), a second pass on a crop; no caller uses it yet):
    // the centre half of the frame. A region under 2 pixels is refused by design.
    {
        int32_t count = 0;
        error[0] = 0;
        const bool big_enough = width / 2 >= 2 && height / 2 >= 2;
        check(cvn_object_detector_detect(models.objects, image, float(width / 4.0), float(height / 4.0),
                                         float(width / 2.0), float(height / 2.0), 0.05f, objects.data(), 300, &count,
                                         error, sizeof error),
              "cvn_object_detector_detect", big_enough ? Need::must : Need::may, error, clip, "(centre region)");
    }

    // TextDetector.detect: min score 0.7, 1000 regions; TextReader on the largest 8 (LocalAnalyzer.read) on the
    // first frame of a clip, on the largest one afterwards (Tesseract is slow), and on a stand-in region (the
    // centre quarter of the frame) when none was found.
    std::vector<cvn_text_region> regions(1000);
    int32_t region_count = 0;
    error[0] = 0;
    if (!check(cvn_text_detector_detect(models.text, image, 0.7f, regions.data(), 1000, &region_count, error,
                                        sizeof error), "cvn_text_detector_detect", Need::must, error, clip))
        region_count = 0;
    const int region_kept = std::min<int>(region_count, 1000);
    found.text += region_kept;
    // LocalAnalyzer.read: every region at least as large as the 8th largest (ties included), in detector order.
    std::vector<double> areas;
    for (int i = 0; i < region_kept; ++i) {
        const cvn_text_region &r = regions[size_t(i)];
        areas.push_back(double(r.width) * r.height);
        evidence.push_back(cvn_box{r.x, r.y, r.width, r.height, 0, 220, 240});
    }
    std::vector<Box> to_read;
    if (!areas.empty()) {
        std::vector<double> sorted = areas;
        std::sort(sorted.begin(), sorted.end(), std::greater<double>());
        const double cutoff = sorted[std::min<size_t>(sorted.size(), first_frame ? 8 : 1) - 1];
        for (int i = 0; i < region_kept; ++i)
            if (areas[size_t(i)] >= cutoff) {
                const cvn_text_region &r = regions[size_t(i)];
                to_read.push_back(Box{r.x, r.y, r.width, r.height});
            }
    }
    const bool stand_in = to_read.empty();
    if (stand_in) to_read.push_back(inner_box(width, height, 0.25, 0.25, 0.5, 0.5));
    for (const Box &box : to_read) {
        char text[4096];
        float confidence = 0;
        error[0] = 0;
        if (check(cvn_text_reader_read(models.reader, image, float(box.x), float(box.y), float(box.width),
                                       float(box.height), text, sizeof text, &confidence, error, sizeof error),
                  "cvn_text_reader_read", Need::must, error, clip, stand_in ? "(stand-in region)" : "(text region)"))
            found.read += 1;
    }

    // JPEGEncoder.encode: scale 1 at quality 90, then the retry scale it would use for an oversized JPEG (0.5
    // here; it rounds a picture under 2 pixels on a side to nothing, which cv::resize refuses).
    uint8_t *jpeg = nullptr;
    size_t jpeg_length = 0;
    error[0] = 0;
    if (!check(cvn_encode_jpeg(image, 1.0f, 90, &jpeg, &jpeg_length, error, sizeof error), "cvn_encode_jpeg",
               Need::must, error, clip, "(scale 1)"))
        jpeg = nullptr;
    {
        uint8_t *smaller = nullptr;
        size_t smaller_length = 0;
        error[0] = 0;
        // cv::resize rounds half to even (cvRound), so 1 x 0.5 is 0.
        const bool non_empty = std::nearbyint(width * 0.5) >= 1 && std::nearbyint(height * 0.5) >= 1;
        if (check(cvn_encode_jpeg(image, 0.5f, 90, &smaller, &smaller_length, error, sizeof error), "cvn_encode_jpeg",
                  non_empty ? Need::must : Need::may, error, clip, "(scale 0.5)"))
            cvn_free_bytes(smaller);
    }

    // ImageLoader.decode (cvn_decode_image) on that JPEG, on the same JPEG with an Exif orientation of 6 (turned 90
    // degrees clockwise), and on a PNG of the frame (lossless: the pixels must come back unchanged).
    auto decode = [&](const std::vector<uint8_t> &bytes, const char *what, int expect_width, int expect_height,
                      const std::vector<uint8_t> *exact) {
        uint8_t *decoded = nullptr;
        int32_t decoded_width = 0, decoded_height = 0;
        error[0] = 0;
        if (!check(cvn_decode_image(bytes.data(), bytes.size(), &decoded, &decoded_width, &decoded_height, error,
                                    sizeof error), "cvn_decode_image", Need::must, error, clip, what))
            return;
        if (decoded_width != expect_width || decoded_height != expect_height)
            fail(clip, std::string("cvn_decode_image ") + what + " gave " + std::to_string(decoded_width) + "x" +
                           std::to_string(decoded_height) + ", expected " + std::to_string(expect_width) + "x" +
                           std::to_string(expect_height));
        else if (exact && std::memcmp(decoded, exact->data(), exact->size()) != 0)
            fail(clip, std::string("cvn_decode_image ") + what + " changed the pixels");
        cvn_free_pixels(decoded);
    };
    if (jpeg) {
        decode(std::vector<uint8_t>(jpeg, jpeg + jpeg_length), "(JPEG)", width, height, nullptr);
        decode(with_exif_orientation(jpeg, jpeg_length, 6), "(JPEG, Exif orientation 6)", height, width, nullptr);
        cvn_free_bytes(jpeg);
    }
    {
        const cv::Mat mat(height, width, CV_8UC3, const_cast<uint8_t *>(pixels.data()), size_t(width) * 3);
        std::vector<uint8_t> png;
        if (cv::imencode(".png", mat, png)) decode(png, "(PNG)", width, height, &pixels);
        else fail(clip, "cv::imencode could not make a PNG of the frame");
    }

    // EvidenceImageWriter: the frame with every box found, quality 90 (one file per clip, overwritten per frame).
    error[0] = 0;
    const std::string path = out_dir + "/" + current_clip + ".jpg";
    check(cvn_write_jpeg(path.c_str(), image, evidence.data(), int32_t(evidence.size()), 90, error, sizeof error),
          "cvn_write_jpeg", Need::must, error, clip);
}

// ---------------------------------------------------------------------------------------------------------------
// One video, decoded as VideoSampler decodes it (every frame is sampled).

std::string base_name(const std::string &path) {
    const size_t slash = path.find_last_of('/');
    std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    const size_t dot = name.find_last_of('.');
    return dot == std::string::npos ? name : name.substr(0, dot);
}

/// pf_frame_to_bgr into an exact width * height * 3 buffer (against a guard page unless --no-guard), checked
/// against sws_scale into a generously padded buffer with the same context.
bool convert(SwsContext *scaler, const AVFrame *frame, std::vector<uint8_t> &pixels, Tally &clip) {
    const int width = frame->width, height = frame->height;
    const size_t row = size_t(width) * 3, size = row * size_t(height);
    std::vector<uint8_t> plain;
    uint8_t *destination;
    if (guard::enabled) {
        destination = guard::allocate(size);
        if (!destination) {
            fail(clip, "cannot map a guarded buffer");
            return false;
        }
    } else {
        plain.resize(size);
        destination = plain.data();
    }
    const int status = pf_frame_to_bgr(scaler, frame, destination, size);
    bool good = status == 0;
    if (!good) fail(clip, "pf_frame_to_bgr failed: " + av_text(status));
    if (good) {
        const size_t stride = (row + 256 + 63) / 64 * 64;
        std::vector<uint8_t> reference(stride * size_t(height) + 256);
        uint8_t *planes[4] = {reference.data(), nullptr, nullptr, nullptr};
        int strides[4] = {int(stride), 0, 0, 0};
        const int rows = sws_scale(scaler, frame->data, frame->linesize, 0, height, planes, strides);
        if (rows != height) {
            fail(clip, "reference sws_scale gave " + std::to_string(rows) + " rows");
            good = false;
        }
        for (int y = 0; good && y < height; ++y)
            if (std::memcmp(destination + size_t(y) * row, reference.data() + size_t(y) * stride, row) != 0) {
                fail(clip, "pf_frame_to_bgr row " + std::to_string(y) + " differs from the reference conversion");
                good = false;
            }
    }
    if (good) pixels.assign(destination, destination + size);
    if (guard::enabled) guard::release(destination);
    return good;
}

Tally sweep(Models &models, const std::string &path, const std::string &out_dir) {
    Tally clip;
    current_clip = base_name(path);
    current_frame = 0;
    calls.clear();
    Found found;
    AVFormatContext *format = nullptr;
    int status = avformat_open_input(&format, path.c_str(), nullptr, nullptr);
    if (status < 0) {
        fail(clip, "cannot open: " + av_text(status));
        return clip;
    }
    status = avformat_find_stream_info(format, nullptr);
    if (status < 0) {
        fail(clip, "no stream info: " + av_text(status));
        avformat_close_input(&format);
        return clip;
    }
    const AVCodec *decoder = nullptr;
    const int index = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0);
    if (index < 0 || !decoder) {
        fail(clip, "no decodable video stream: " + av_text(index));
        avformat_close_input(&format);
        return clip;
    }
    for (unsigned other = 0; other < format->nb_streams; ++other)
        if (int(other) != index) format->streams[other]->discard = AVDISCARD_ALL;
    AVStream *stream = format->streams[index];
    const int stored_width = stream->codecpar->width, stored_height = stream->codecpar->height;
    AVCodecContext *codec = avcodec_alloc_context3(decoder);
    avcodec_parameters_to_context(codec, stream->codecpar);
    codec->thread_count = 0;
    status = avcodec_open2(codec, decoder, nullptr);
    if (status < 0) {
        fail(clip, "decoder failed to open: " + av_text(status));
        avcodec_free_context(&codec);
        avformat_close_input(&format);
        return clip;
    }
    const int rotation = right_angle(-pf_display_rotation(stream));
    AVPacket *packet = av_packet_alloc();
    AVFrame *frame = av_frame_alloc();
    SwsContext *scaler = nullptr;
    std::string pixel_format = "?";
    bool draining = false, stop = false;
    int frames = 0, width = 0, height = 0;
    while (!stop) {
        const int received = avcodec_receive_frame(codec, frame);
        if (received == 0) {
            current_frame = frames;
            {
                const char *name = av_get_pix_fmt_name(AVPixelFormat(frame->format));
                pixel_format = name ? name : "?";
            }
            if (frame->width != stored_width || frame->height != stored_height) {
                fail(clip, "picture size changed to " + std::to_string(frame->width) + "x" +
                               std::to_string(frame->height));
                break;
            }
            // VideoSampler.convert: a cached context per frame size and format, BGR24, bilinear.
            scaler = sws_getCachedContext(scaler, frame->width, frame->height, AVPixelFormat(frame->format),
                                          frame->width, frame->height, AV_PIX_FMT_BGR24, SWS_BILINEAR, nullptr,
                                          nullptr, nullptr);
            if (!scaler) {
                fail(clip, "cannot convert pixel format " + pixel_format);
                break;
            }
            // Breadcrumbs for the log: a SEGV inside an uninstrumented library has no useful stack.
            std::printf("STEP %s frame %d: pf_frame_to_bgr %dx%d %s\n", current_clip.c_str(), frames, frame->width,
                        frame->height, pixel_format.c_str());
            std::fflush(stdout);
            std::vector<uint8_t> pixels;
            if (!convert(scaler, frame, pixels, clip)) break;
            const bool turned = rotation % 180 != 0;
            width = turned ? frame->height : frame->width;
            height = turned ? frame->width : frame->height;
            pixels = rotate(pixels, frame->width, frame->height, rotation);
            std::printf("STEP %s frame %d: analysis of %dx%d\n", current_clip.c_str(), frames, width, height);
            std::fflush(stdout);
            analyse(models, pixels, width, height, frames == 0, out_dir, clip, found);
            ++frames;
            continue;
        }
        if (received == AVERROR_EOF) break;
        if (received != AVERROR(EAGAIN)) {
            fail(clip, "decoder error: " + av_text(received));
            break;
        }
        if (draining) break;
        const int read = av_read_frame(format, packet);
        if (read < 0) {
            if (read != AVERROR_EOF) fail(clip, "read error: " + av_text(read));
            draining = true;
            avcodec_send_packet(codec, nullptr);
            continue;
        }
        if (packet->stream_index == index) avcodec_send_packet(codec, packet);
        av_packet_unref(packet);
    }
    if (frames == 0) fail(clip, "no frame decoded");
    std::string counts;
    for (const auto &entry : calls)
        counts += (counts.empty() ? "" : ",") + entry.first.substr(4) + "=" + std::to_string(entry.second);
    std::printf("CALLS %s %s\n", current_clip.c_str(), counts.c_str());
    std::printf("CLIP %s stored=%dx%d %s %s rotation=%d analysed=%dx%d frames=%d faces=%d objects=%d text=%d read=%d "
                "cv_error_expected=%d cv_error_unexpected=%d failures=%d\n",
                current_clip.c_str(), stored_width, stored_height, avcodec_get_name(stream->codecpar->codec_id),
                pixel_format.c_str(), rotation, width, height, frames, found.faces, found.objects, found.text,
                found.read, clip.expected, clip.unexpected, clip.failures);
    std::fflush(stdout);
    sws_freeContext(scaler);
    av_frame_free(&frame);
    av_packet_free(&packet);
    avcodec_free_context(&codec);
    avformat_close_input(&format);
    return clip;
}

} // namespace

int main(int argc, char **argv) {
    std::string models_dir = "models", out_dir = ".";
    std::vector<std::string> videos;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument == "--models" && i + 1 < argc) models_dir = argv[++i];
        else if (argument == "--out" && i + 1 < argc) out_dir = argv[++i];
        else if (argument == "--no-guard") guard::enabled = false;
        else if (!argument.empty() && argument[0] == '-') {
            std::fprintf(stderr, "usage: frame_sweep [--models DIR] [--out DIR] [--no-guard] VIDEO...\n");
            return 2;
        } else videos.push_back(argument);
    }
    if (videos.empty()) {
        std::fprintf(stderr, "usage: frame_sweep [--models DIR] [--out DIR] [--no-guard] VIDEO...\n");
        return 2;
    }
    av_log_set_level(AV_LOG_QUIET);  // as VideoSampler
    cvn_set_threads(2);
    Models models;
    if (!load(models, models_dir)) return 2;
    for (const std::string &video : videos) {
        const Tally clip = sweep(models, video, out_dir);
        total.expected += clip.expected;
        total.unexpected += clip.unexpected;
        total.failures += clip.failures;
    }
    std::printf("TOTAL clips=%zu cv_error_expected=%d cv_error_unexpected=%d failures=%d\n", videos.size(),
                total.expected, total.unexpected, total.failures);
    if (total.failures > 0) return 4;
    if (total.unexpected > 0) return 3;
    return 0;
}
