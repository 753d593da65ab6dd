"""Vietnamese children's and general titles for the demo catalogue and the sample import files.

Titles, authors and publishers are real works; the ISBNs are made up (valid checksums on the Vietnamese 978-604
prefix, generated from the row number) so that they never collide with a real book's.
"""

from stdnum import ean

# title, authors, publisher, year, DDC, reading level, subjects
TITLES = [
    (
        "Dế Mèn phiêu lưu ký",
        "Tô Hoài",
        "NXB Kim Đồng",
        2020,
        "895.9223",
        "children",
        "Truyện thiếu nhi; Văn học Việt Nam",
    ),
    ("Đất rừng phương Nam", "Đoàn Giỏi", "NXB Kim Đồng", 2019, "895.9223", "teen", "Tiểu thuyết; Nam Bộ"),
    ("Kính vạn hoa", "Nguyễn Nhật Ánh", "NXB Kim Đồng", 2021, "895.9223", "children", "Truyện thiếu nhi"),
    ("Cho tôi xin một vé đi tuổi thơ", "Nguyễn Nhật Ánh", "NXB Trẻ", 2018, "895.9223", "teen", "Truyện dài"),
    ("Tôi thấy hoa vàng trên cỏ xanh", "Nguyễn Nhật Ánh", "NXB Trẻ", 2019, "895.9223", "teen", "Truyện dài"),
    ("Mắt biếc", "Nguyễn Nhật Ánh", "NXB Trẻ", 2019, "895.9223", "teen", "Truyện dài"),
    ("Hoàng tử bé", "Antoine de Saint-Exupéry", "NXB Hội Nhà văn", 2022, "843.912", "children", "Văn học Pháp"),
    ("Góc sân và khoảng trời", "Trần Đăng Khoa", "NXB Kim Đồng", 2020, "895.9221", "children", "Thơ thiếu nhi"),
    ("Những tấm lòng cao cả", "Edmondo De Amicis", "NXB Văn học", 2018, "853.8", "children", "Văn học Ý"),
    ("Quê nội", "Võ Quảng", "NXB Kim Đồng", 2017, "895.9223", "children", "Truyện thiếu nhi"),
    ("Tuổi thơ dữ dội", "Phùng Quán", "NXB Kim Đồng", 2019, "895.9223", "teen", "Tiểu thuyết; Lịch sử"),
    ("Chuyện cổ tích Việt Nam", "Nhiều tác giả", "NXB Kim Đồng", 2021, "398.2095", "children", "Truyện cổ tích"),
    ("Thần đồng đất Việt - Tập 1", "Lê Linh", "NXB Trẻ", 2020, "741.5", "children", "Truyện tranh"),
    ("Doraemon - Tập 1", "Fujiko F. Fujio", "NXB Kim Đồng", 2022, "741.5", "children", "Truyện tranh"),
    (
        "Mười vạn câu hỏi vì sao: Khoa học tự nhiên",
        "Nhiều tác giả",
        "NXB Giáo dục Việt Nam",
        2019,
        "500",
        "children",
        "Khoa học thường thức",
    ),
    ("Không gia đình", "Hector Malot", "NXB Văn học", 2018, "843.8", "teen", "Văn học Pháp"),
    ("Totto-chan bên cửa sổ", "Kuroyanagi Tetsuko", "NXB Hội Nhà văn", 2021, "895.63", "children", "Văn học Nhật Bản"),
    ("Lá cờ thêu sáu chữ vàng", "Nguyễn Huy Tưởng", "NXB Kim Đồng", 2019, "895.9223", "teen", "Truyện lịch sử"),
    ("Đội thiếu niên tình báo Bát Sắt", "Phạm Thắng", "NXB Kim Đồng", 2018, "895.9223", "teen", "Truyện lịch sử"),
    (
        "Lịch sử Việt Nam bằng tranh - Tập 1",
        "Trần Bạch Đằng",
        "NXB Trẻ",
        2017,
        "959.7",
        "children",
        "Lịch sử Việt Nam; Truyện tranh",
    ),
    ("Búp sen xanh", "Sơn Tùng", "NXB Kim Đồng", 2020, "895.9223", "teen", "Tiểu thuyết; Hồ Chí Minh"),
    ("Harry Potter và Hòn đá Phù thủy", "J. K. Rowling", "NXB Trẻ", 2022, "823.914", "teen", "Văn học Anh; Giả tưởng"),
    (
        "Sổ tay phòng chống đuối nước cho trẻ em",
        "Bộ Lao động - Thương binh và Xã hội",
        "NXB Phụ nữ Việt Nam",
        2021,
        "613.69",
        "all",
        "Kỹ năng sống; An toàn",
    ),
    ("Truyện Kiều", "Nguyễn Du", "NXB Văn học", 2019, "895.9221", "adult", "Thơ; Văn học trung đại"),
    ("Số đỏ", "Vũ Trọng Phụng", "NXB Văn học", 2018, "895.9223", "adult", "Tiểu thuyết"),
    ("Tắt đèn", "Ngô Tất Tố", "NXB Văn học", 2017, "895.9223", "adult", "Tiểu thuyết"),
    ("Chí Phèo", "Nam Cao", "NXB Văn học", 2018, "895.9223", "adult", "Truyện ngắn"),
    ("Vợ chồng A Phủ", "Tô Hoài", "NXB Kim Đồng", 2019, "895.9223", "adult", "Truyện ngắn"),
    ("Nỗi buồn chiến tranh", "Bảo Ninh", "NXB Trẻ", 2020, "895.9223", "adult", "Tiểu thuyết"),
    ("Hương rừng Cà Mau", "Sơn Nam", "NXB Trẻ", 2019, "895.9223", "adult", "Truyện ngắn; Nam Bộ"),
    ("Nhật ký Đặng Thùy Trâm", "Đặng Thùy Trâm", "NXB Hội Nhà văn", 2018, "895.9228", "adult", "Nhật ký; Lịch sử"),
    ("Việt Nam sử lược", "Trần Trọng Kim", "NXB Hồng Đức", 2020, "959.7", "adult", "Lịch sử Việt Nam"),
    ("Đắc nhân tâm", "Dale Carnegie", "NXB Tổng hợp TP. Hồ Chí Minh", 2021, "158.2", "adult", "Kỹ năng sống"),
    ("Nhà giả kim", "Paulo Coelho", "NXB Hội Nhà văn", 2020, "869.342", "adult", "Văn học Brazil"),
    (
        "Kỹ thuật nuôi cá tra thương phẩm",
        "Nguyễn Văn Hảo",
        "NXB Nông nghiệp",
        2018,
        "639.3",
        "adult",
        "Thủy sản; Đồng bằng sông Cửu Long",
    ),
    (
        "Kỹ thuật canh tác lúa giảm phát thải",
        "Viện Lúa Đồng bằng sông Cửu Long",
        "NXB Nông nghiệp",
        2022,
        "633.18",
        "adult",
        "Nông nghiệp; Lúa gạo",
    ),
    (
        "Trồng và chăm sóc cây ăn trái Nam Bộ",
        "Trần Văn Hâu",
        "NXB Nông nghiệp",
        2019,
        "634",
        "adult",
        "Nông nghiệp; Cây ăn trái",
    ),
    (
        "Cẩm nang sơ cấp cứu tại gia đình",
        "Hội Chữ thập đỏ Việt Nam",
        "NXB Y học",
        2020,
        "616.0252",
        "all",
        "Sức khỏe; Kỹ năng sống",
    ),
    ("Tin học cơ bản cho mọi người", "Nhiều tác giả", "NXB Thông tin và Truyền thông", 2021, "004", "all", "Tin học"),
    (
        "Bác Hồ viết di chúc",
        "Vũ Kỳ",
        "NXB Chính trị Quốc gia Sự thật",
        2019,
        "959.704092",
        "adult",
        "Hồ Chí Minh; Lịch sử",
    ),
]


def demo_isbn(number: int) -> str:
    """A made-up but valid ISBN-13 on the Vietnamese 978-604 prefix."""
    stem = f"978604{900000 + number:06d}"
    return stem + ean.calc_check_digit(stem)
