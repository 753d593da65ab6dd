// The app's words, Vietnamese first and English, and Vietnamese ways of writing numbers, dates and times.
const MESSAGES = {
  vi: {
    app: "Xe thư viện", signIn: "Đăng nhập", username: "Tên đăng nhập", password: "Mật khẩu",
    deviceName: "Tên điện thoại", defaultDevice: "Điện thoại xe thư viện", signOut: "Đăng xuất",
    signOutWaiting: "Còn {n} thao tác chưa gửi. Đồng bộ trước khi đăng xuất.", signedOutByServer:
      "Điện thoại này đã bị thu hồi hoặc hết hạn. Hãy đăng nhập lại; các thao tác chưa gửi vẫn được giữ.",
    today: "Hôm nay", bus: "Sách trên xe", back: "Quay lại", save: "Lưu", saved: "Đã lưu",
    syncNow: "Đồng bộ ngay", syncing: "Đang đồng bộ…", waiting: "Chờ gửi: {n}", lastSync: "Lần cuối: {t}",
    never: "chưa", offline: "Mất mạng", online: "Có mạng", syncFailed: "Chưa đồng bộ được: {m}. Sẽ thử lại.",
    unreachable: "không kết nối được máy chủ",
    noRoute: "Hôm nay xe không có lịch chạy.", noSheet: "Chưa có lịch chạy. Hãy kết nối mạng để tải.",
    leaves: "Xuất bến {t}", backAt: "Về kho {t}", km: "{n} km", stops: "Điểm dừng",
    window: "Giờ mở cửa {a}–{b}", planned: "Dự kiến {a}–{b}", navigate: "Chỉ đường", call: "Gọi {name}",
    crewNotes: "Ghi chú cho kíp xe", deliver: "Giao {n} thùng", collect: "Thu {n} thùng", collectList: "Thu bộ sách",
    loansDue: "Sách đến hạn trả", reserved: "Sách bạn đọc đặt trước", nothing: "Không có",
    status_planned: "Chưa đến", status_arrived: "Đã đến {t}", status_left: "Đã rời {t}", status_skipped: "Bỏ qua",
    status_done: "Đã phục vụ",
    arrive: "Đến nơi", leave: "Rời điểm", visitors: "Đếm bạn đọc", activity_note: "Ghi chú hoạt động",
    proof: "Xác nhận buổi phục vụ", skip: "Bỏ qua điểm", lend: "Cho mượn", take_back: "Nhận trả", register_reader: "Đăng ký bạn đọc",
    deposit: "Gửi sách tại điểm", collect_kind: "Thu sách về xe", damaged: "Sách hỏng", lost: "Sách mất",
    load: "Xếp lên xe", unload: "Dỡ xuống kho", stocktake: "Kiểm kê xe", reserve: "Đặt trước", photo: "Ảnh xác nhận",
    students: "Học sinh", adults: "Người lớn", note: "Ghi chú", host_name: "Họ tên người tiếp đón",
    host_confirmed: "Người tiếp đón đã xác nhận", photoField: "Chụp ảnh", cause: "Lý do", reason: "Diễn giải",
    card_number: "Số thẻ bạn đọc", barcode: "Mã vạch sách", full_name: "Họ và tên", birth_year: "Năm sinh",
    phone: "Số điện thoại", code: "Mã vạch sách hoặc mã bộ sách",
    cause_weather: "Thời tiết", cause_road: "Đường sá", cause_vehicle: "Xe hỏng", cause_site_busy: "Điểm bận",
    cause_no_host: "Không có người tiếp đón", cause_crew: "Thiếu người", cause_other: "Lý do khác",
    scan: "Quét", stopCamera: "Tắt camera", cameraFailed: "Không mở được camera: {m}. Hãy gõ mã.",
    required: "Cần nhập {f}.", range: "{f}: từ {a} đến {b}.", tooLong: "{f}: tối đa {n} ký tự.",
    recorded: "Đã ghi: {what}", gpsNone: "không có GPS", doneHere: "Đã làm ở điểm này",
    visitorsDone: "{s} học sinh, {a} người lớn", lentDone: "Cho mượn {n}", takenDone: "Nhận trả {n}",
    readersDone: "Bạn đọc mới {n}", reservedDone: "Đặt trước {n}",
    title_code: "ISBN hoặc mã vạch sách", problems: "Cần xem lại", dismiss: "Đã hiểu",
    status_rejected: "Bị từ chối", status_conflict: "Mâu thuẫn, chờ điều phối viên", manifest: "Sách trên xe ({n})",
    collections: "Bộ sách luân chuyển", scanned: "Đã quét {n}", finishStocktake: "Kết thúc kiểm kê",
    remove: "Xoá", language: "English", signInFailed: "Đăng nhập không được: {m}", needNetwork:
      "Cần có mạng để đăng nhập.", loansDueDone: "Đã nhận trả", confirmSkip: "Bỏ qua điểm này?",
  },
  en: {
    app: "Library bus", signIn: "Sign in", username: "Username", password: "Password",
    deviceName: "Phone name", defaultDevice: "Library bus phone", signOut: "Sign out",
    signOutWaiting: "{n} actions not sent yet. Sync before signing out.", signedOutByServer:
      "This phone was revoked or its sign-in expired. Sign in again; unsent actions are kept.",
    today: "Today", bus: "Books on the bus", back: "Back", save: "Save", saved: "Saved",
    syncNow: "Sync now", syncing: "Syncing…", waiting: "Waiting: {n}", lastSync: "Last sync: {t}",
    never: "never", offline: "Offline", online: "Online", syncFailed: "Could not sync: {m}. Will retry.",
    unreachable: "the server cannot be reached",
    noRoute: "The bus has no run today.", noSheet: "No run sheet yet. Connect to download it.",
    leaves: "Leaves depot {t}", backAt: "Back at {t}", km: "{n} km", stops: "Stops",
    window: "Open {a}–{b}", planned: "Planned {a}–{b}", navigate: "Navigate", call: "Call {name}",
    crewNotes: "Crew notes", deliver: "Deliver {n} boxes", collect: "Collect {n} boxes", collectList: "Collect",
    loansDue: "Loans due back", reserved: "Reserved titles", nothing: "None",
    status_planned: "Not yet", status_arrived: "Arrived {t}", status_left: "Left {t}", status_skipped: "Skipped",
    status_done: "Served",
    arrive: "Arrive", leave: "Leave", visitors: "Count visitors", activity_note: "Activity note",
    proof: "Proof of visit", skip: "Skip stop", lend: "Lend", take_back: "Take back", register_reader: "Register reader",
    deposit: "Deposit at stop", collect_kind: "Collect to bus", damaged: "Damaged", lost: "Lost",
    load: "Load onto bus", unload: "Unload at depot", stocktake: "Bus stocktake", reserve: "Reserve", photo: "Proof photo",
    students: "Students", adults: "Adults", note: "Note", host_name: "Host's full name",
    host_confirmed: "The host confirmed", photoField: "Take a photo", cause: "Cause", reason: "Details",
    card_number: "Reader card number", barcode: "Book barcode", full_name: "Full name", birth_year: "Year of birth",
    phone: "Phone number", code: "Book barcode or collection code",
    cause_weather: "Weather", cause_road: "Road", cause_vehicle: "Vehicle breakdown", cause_site_busy: "Site busy",
    cause_no_host: "No host", cause_crew: "Crew shortage", cause_other: "Other",
    scan: "Scan", stopCamera: "Stop camera", cameraFailed: "Camera unavailable: {m}. Type the code.",
    required: "{f} is required.", range: "{f}: from {a} to {b}.", tooLong: "{f}: at most {n} characters.",
    recorded: "Recorded: {what}", gpsNone: "no GPS", doneHere: "Done at this stop",
    visitorsDone: "{s} students, {a} adults", lentDone: "Lent {n}", takenDone: "Taken back {n}",
    readersDone: "New readers {n}", reservedDone: "Reserved {n}",
    title_code: "ISBN or book barcode", problems: "Needs attention", dismiss: "Dismiss",
    status_rejected: "Rejected", status_conflict: "Conflict, held for a coordinator", manifest: "Books on the bus ({n})",
    collections: "Rotating collections", scanned: "Scanned {n}", finishStocktake: "Finish stocktake",
    remove: "Remove", language: "Tiếng Việt", signInFailed: "Sign-in failed: {m}", needNetwork:
      "Signing in needs the network.", loansDueDone: "Taken back", confirmSkip: "Skip this stop?",
  },
};

const WEEKDAYS = {
  vi: ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"],
  en: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
};

let lang = "vi";

// Sets the language ("vi" or "en").
export function setLang(value) {
  lang = MESSAGES[value] ? value : "vi";
  document.documentElement.lang = lang;
}

// The current language.
export function getLang() {
  return lang;
}

// A message in the current language, with {name} placeholders filled.
export function t(key, vars = {}) {
  const text = MESSAGES[lang][key] ?? MESSAGES.vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

// 12.345 in Vietnamese, 12,345 in English.
export function number(n) {
  return new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB").format(n);
}

// "Thứ Hai, 23/11/2026" from "2026-11-23".
export function date(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  const weekday = WEEKDAYS[lang][new Date(y, m - 1, d).getDay()];
  return `${weekday}, ${String(d).padStart(2, "0")}/${String(m).padStart(2, "0")}/${y}`;
}

// "07:40" from "07:40:00", or from a Date / ISO timestamp (24-hour clock).
export function time(value) {
  if (!value) return "";
  if (/^\d\d:\d\d/.test(value)) return value.slice(0, 5);
  const d = new Date(value);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

// "07:40 23/11" for a timestamp: when the last sync was.
export function dateTime(value) {
  const d = new Date(value);
  return `${time(value)} ${String(d.getDate()).padStart(2, "0")}/${String(d.getMonth() + 1).padStart(2, "0")}`;
}
