"""Generate the two synthetic demo projects in data/parcels/ (deterministic: same seed, same files).

The geometry is invented; the places and the Cat Van story come from the province's press (see
data/parcels/README.md). Files are written the way land offices deliver them: a zipped shapefile
or a GeoPackage in VN-2000 (EPSG:9208), a KML centreline, a CSV of tower positions in survey X/Y,
and XLSX registers. Run: .venv/bin/python scripts/make_demo_data.py
"""

from __future__ import annotations

import datetime as dt
import sys
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from geo.corridor import buffer_line, corridor_half_width_m

OUT = Path(__file__).resolve().parents[1] / "data" / "parcels"
EPSG = 9208
TO_VN2000 = Transformer.from_crs(4326, EPSG, always_xy=True)

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phan",
    "Hoàng",
    "Võ",
    "Đặng",
    "Bùi",
    "Hồ",
    "Ngô",
    "Đinh",
    "Lương",
]
MIDDLE_M = ["Văn", "Đình", "Hữu", "Xuân", "Công", "Bá"]
MIDDLE_F = ["Thị", "Thị", "Thị Thu", "Thị Hồng"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khánh",
    "Lâm",
    "Minh",
    "Nam",
    "Phúc",
    "Quang",
    "Sơn",
    "Tâm",
    "Thắng",
    "Toàn",
    "Vinh",
    "Đức",
]
GIVEN_F = ["Hoa", "Lan", "Mai", "Nga", "Oanh", "Phượng", "Thảo", "Yến", "Hằng", "Liên"]


def person(rng: np.random.Generator) -> tuple[str, str]:
    female = rng.random() < 0.3
    middle, given = (MIDDLE_F, GIVEN_F) if female else (MIDDLE_M, GIVEN_M)
    return f"{rng.choice(FAMILY)} {rng.choice(middle)} {rng.choice(given)}", "F" if female else "M"


def tessellate(
    area: shapely.Polygon, count: int, rng: np.random.Generator
) -> list[shapely.Polygon]:
    """Irregular parcels sharing their edges: Voronoi cells of random seeds, clipped to the area."""
    xmin, ymin, xmax, ymax = area.bounds
    seeds: list[shapely.Point] = []
    while len(seeds) < count:
        p = shapely.Point(rng.uniform(xmin, xmax), rng.uniform(ymin, ymax))
        if area.contains(p):
            seeds.append(p)
    cells = shapely.voronoi_polygons(shapely.MultiPoint(seeds), extend_to=area)
    parcels = [shapely.intersection(c, area) for c in cells.geoms]
    parcels = [shapely.set_precision(p, 0.01) for p in parcels if p.area > 50]
    return [p if p.geom_type == "Polygon" else max(p.geoms, key=lambda g: g.area) for p in parcels]


def parcel_frame(
    cells: list[shapely.Polygon],
    sheets: list[str],
    codes: list[str],
    commune: str,
    old_commune: str,
    owners: list[str],
    rng: np.random.Generator,
) -> gpd.GeoDataFrame:
    numbers: dict[str, int] = {}
    rows = []
    for cell, sheet, code, owner in zip(cells, sheets, codes, owners, strict=True):
        numbers[sheet] = numbers.get(sheet, 0) + int(rng.integers(1, 4))
        rows.append(
            {
                "SO_TO": sheet,
                "SO_THUA": str(numbers[sheet]),
                "LOAI_DAT": code,
                "DIEN_TICH": round(cell.area * rng.uniform(0.985, 1.015), 1),
                "XA": commune,
                "XA_CU": old_commune,
                "CHU_SD": owner,
            }
        )
    return gpd.GeoDataFrame(rows, geometry=cells, crs=EPSG)


def write_zipped_shapefile(frame: gpd.GeoDataFrame, path: Path, stem: str) -> None:
    folder = path.parent / f".{stem}-shp"
    folder.mkdir(exist_ok=True)
    frame.to_file(folder / f"{stem}.shp", engine="pyogrio", encoding="UTF-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in sorted(folder.iterdir()):
            archive.write(part, part.name)
            part.unlink()
    folder.rmdir()


def xy(lon: float, lat: float) -> tuple[float, float]:
    return TO_VN2000.transform(lon, lat)


def write_history(path: Path, sheets: dict[str, pd.DataFrame]) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)


# ----------------------------------------------------------------------------------------------
def cat_van() -> None:
    rng = np.random.default_rng(220)
    folder = OUT / "cat-van-220kv"
    # The line runs east (Do Luong) to west (Tuong Duong) through Cat Van, bending with the hills.
    route = [
        (105.3185, 18.8330),
        (105.3060, 18.8362),
        (105.2945, 18.8341),
        (105.2880, 18.8376),
        (105.2880, 18.8376),
    ]
    line = shapely.LineString([xy(*p) for p in route[:-1]])
    band = buffer_line(line, 230)
    cells = tessellate(band, 240, rng)
    half_width = corridor_half_width_m(220, 5.0)
    corridor = buffer_line(line, half_width)
    towers_at = [line.interpolate(d) for d in np.linspace(40, line.length - 40, 15)]
    affected = [
        i
        for i, c in enumerate(cells)
        if c.intersects(corridor) and c.intersection(corridor).area > 1
    ]
    rng.shuffle(affected)
    # Households hold 30 of the affected parcels; the rest is forest, road and canal land.
    household_parcels = sorted(affected[:30])
    org_parcels = set(affected[30:])
    x0 = line.bounds[0]
    sheets = [str(12 + int((c.centroid.x - x0) // 1100)) for c in cells]
    codes, owners = [], []
    for i in range(len(cells)):
        if i in org_parcels:
            code, owner = rng.choice(
                [
                    ("RSX", "Công ty TNHH MTV Lâm nghiệp Thanh Chương"),
                    ("DGT", "UBND xã Cát Văn"),
                    ("DTL", "UBND xã Cát Văn"),
                ]
            )
        else:
            code = str(
                rng.choice(
                    ["LUC", "LUK", "BHK", "CLN", "ONT+CLN", "RSX"],
                    p=[0.25, 0.1, 0.15, 0.2, 0.15, 0.15],
                )
            )
            owner = person(rng)[0]
        codes.append(code)
        owners.append(owner)
    people = [person(rng) for _ in range(15)]
    # Each of the 15 households holds two of the household parcels.
    holdings = [[p] for p in household_parcels[:15]]
    for k, p in enumerate(household_parcels[15:]):
        holdings[k % 15].append(p)
    for (name, _sex), held in zip(people, holdings, strict=True):
        for p in held:
            owners[p] = name
        codes[held[0]] = "ONT+CLN"  # every household lives on its first parcel
    parcels = parcel_frame(cells, sheets, codes, "Cát Văn", "", owners, rng)
    write_zipped_shapefile(parcels, folder / "thua_dat.zip", "thua_dat")

    line_frame = gpd.GeoDataFrame(
        {"Name": ["ĐZ 220kV Đô Lương - Tương Dương"]}, geometry=[line], crs=EPSG
    ).to_crs(4326)
    line_frame.to_file(folder / "tuyen_duong_day.kml", driver="KML", engine="pyogrio")
    pd.DataFrame(
        {
            "STT": range(1, 16),
            "Ten_cot": [f"VT{n}" for n in range(1, 16)],
            "X": [round(t.y, 2) for t in towers_at],
            "Y": [round(t.x, 2) for t in towers_at],
        }
    ).to_csv(folder / "vi_tri_cot.csv", index=False)

    houses = []
    for k, held in enumerate(holdings):
        home = cells[held[0]]
        spot = home.intersection(corridor) if k < 5 else home.difference(corridor.buffer(15))
        spot = spot if not spot.is_empty else home
        centre = spot.representative_point()
        houses.append(
            {
                "Ma_ho": f"CV{k + 1:02d}",
                "Mai": "ngói" if k % 2 else "tôn",
                "Tuong": "gạch",
                "geometry": shapely.box(centre.x - 5, centre.y - 4, centre.x + 5, centre.y + 4),
            }
        )
    gpd.GeoDataFrame(houses, crs=EPSG).to_crs(4326).to_file(
        folder / "nha_o.geojson", driver="GeoJSON", engine="pyogrio"
    )

    villages = ["Thôn 1", "Thôn 2", "Thôn 3"]
    households = pd.DataFrame(
        {
            "Mã hộ": [f"CV{k + 1:02d}" for k in range(15)],
            "Chủ hộ": [n for n, _ in people],
            "Giới tính": [s for _, s in people],
            "Số nhân khẩu": rng.integers(2, 7, 15),
            "Thôn": [villages[k % 3] for k in range(15)],
            "Điện thoại": [f"09{rng.integers(10_000_000, 99_999_999)}" for _ in range(15)],
            "Số CCCD": [f"040{rng.integers(100_000_000, 999_999_999)}" for _ in range(15)],
            "Dễ bị tổn thương": [
                ""
                if k not in (3, 9)
                else ("người cao tuổi sống một mình" if k == 3 else "hộ nghèo")
                for k in range(15)
            ],
        }
    )
    links = pd.DataFrame(
        [
            {
                "Mã hộ": f"CV{k + 1:02d}",
                "Tờ bản đồ": parcels.SO_TO[p],
                "Thửa đất": parcels.SO_THUA[p],
                "Vai trò": "land_user",
                "Tỷ lệ": 1.0,
            }
            for k, held in enumerate(holdings)
            for p in held
        ]
    )
    write_history(folder / "ho_gia_dinh.xlsx", {"Hộ": households, "Thửa": links})

    # The story: informed 05/03/2024; 6 sign by 10/04; 9 raise concerns; dialogue 20/04; all sign by 31/05.
    d = dt.date
    meetings = pd.DataFrame(
        [
            {
                "Mã": "H1",
                "Loại": "pre_notice",
                "Thời gian": dt.datetime(2024, 3, 5, 8, 0),
                "Địa điểm": "Hội trường UBND xã Cát Văn",
                "Chủ trì": "Nguyễn Văn Hòa",
                "Chức vụ": "Chủ tịch UBND xã Cát Văn",
                "Thành phần": "UBND xã, MTTQ xã, Ban bồi thường GPMB huyện, Công ty Truyền tải điện 1",
                "Nội dung": "Phổ biến chủ trương dự án, chính sách bồi thường, hỗ trợ hành lang an toàn.",
            },
            {
                "Mã": "H2",
                "Loại": "dialogue",
                "Thời gian": dt.datetime(2024, 4, 20, 8, 30),
                "Địa điểm": "Nhà văn hóa Thôn 2, xã Cát Văn",
                "Chủ trì": "Lê Văn Thắng",
                "Chức vụ": "Chủ tịch UBND huyện Thanh Chương",
                "Thành phần": "UBND huyện, UBND xã, Ban QLDA các công trình điện miền Bắc, MTTQ xã",
                "Nội dung": "Đối thoại với 9 hộ còn băn khoăn: an toàn điện trường, tái định cư dưới "
                "hành lang, đơn giá bồi thường, hồ sơ dự án. Các hộ đã được giải đáp đầy đủ.",
            },
        ]
    )
    codes15 = [f"CV{k + 1:02d}" for k in range(15)]
    signed_early, worried = codes15[:6], codes15[6:]
    events = [
        {
            "Mã hộ": c,
            "Ngày": d(2024, 3, 5),
            "Trạng thái": "informed",
            "Cuộc họp": "H1",
            "Ghi chú": "Đã nhận thông báo và nghe phổ biến chính sách",
        }
        for c in codes15
    ]
    events += [
        {
            "Mã hộ": c,
            "Ngày": d(2024, 3, 18) + dt.timedelta(days=4 * k),
            "Trạng thái": "agreed",
            "Cuộc họp": "",
            "Ghi chú": "Ký biên bản đồng thuận",
        }
        for k, c in enumerate(signed_early)
    ]
    categories = ["electric_field", "resettlement", "compensation_price", "documents"]
    concern_texts = {
        "electric_field": "Điện trường dưới đường dây 220kV có an toàn cho gia đình sinh sống không?",
        "resettlement": "Các hộ sống dưới hành lang tuyến có được bố trí tái định cư không?",
        "compensation_price": "Đơn giá bồi thường đã đảm bảo quyền lợi của gia đình chưa?",
        "documents": "Đề nghị được cung cấp đầy đủ hồ sơ dự án.",
    }
    answers = {
        "electric_field": "Nhà ở dưới hành lang đạt các điều kiện của Nghị định 14/2014 được tồn tại; "
        "sẽ đo cường độ điện trường tại từng nhà (< 5 kV/m ngoài nhà).",
        "resettlement": "Đường dây 220kV: nhà đủ điều kiện được ở lại, được hỗ trợ do hạn chế sử dụng; "
        "không bắt buộc di dời.",
        "compensation_price": "Đơn giá theo bảng giá của UBND tỉnh Nghệ An; hỗ trợ thêm theo quy định.",
        "documents": "Bàn giao hồ sơ dự án đầy đủ cho các hộ trước ngày 25/04/2024.",
    }
    concerns = []
    for k, c in enumerate(worried):
        raised = d(2024, 3, 25) + dt.timedelta(days=2 * k)
        events.append(
            {
                "Mã hộ": c,
                "Ngày": raised,
                "Trạng thái": "concerns",
                "Cuộc họp": "",
                "Ghi chú": "Có ý kiến băn khoăn, chưa ký",
            }
        )
        for cat in (categories[k % 4], categories[(k + 1) % 4]):
            concerns.append(
                {
                    "Mã hộ": c,
                    "Loại": cat,
                    "Kênh": "household_visit",
                    "Nội dung": concern_texts[cat],
                    "Ngày nhận": raised,
                    "Ngày trả lời": d(2024, 4, 20),
                    "Cuộc họp": "H2",
                    "Trả lời": answers[cat],
                    "Người trả lời": "Lê Văn Thắng",
                    "Ngày giải quyết": d(2024, 4, 20),
                }
            )
        events.append(
            {
                "Mã hộ": c,
                "Ngày": d(2024, 4, 22) + dt.timedelta(days=5 * k) if k < 8 else d(2024, 5, 31),
                "Trạng thái": "agreed",
                "Cuộc họp": "",
                "Ghi chú": "Ký biên bản đồng thuận sau đối thoại",
            }
        )
    attendance = [
        {"Cuộc họp": "H1", "Mã hộ": c, "Người dự": n, "Giới tính": s}
        for c, (n, s) in zip(codes15, people, strict=True)
    ]
    attendance += [
        {
            "Cuộc họp": "H2",
            "Mã hộ": c,
            "Người dự": people[codes15.index(c)][0],
            "Giới tính": people[codes15.index(c)][1],
        }
        for c in worried
    ]
    commitments = pd.DataFrame(
        [
            {
                "Cuộc họp": "H2",
                "Mã hộ": "",
                "Nội dung": "Bàn giao đầy đủ hồ sơ dự án cho 9 hộ",
                "Người cam kết": "Ban QLDA các công trình điện miền Bắc",
                "Hạn": d(2024, 4, 25),
                "Ngày xong": d(2024, 4, 24),
            },
            {
                "Cuộc họp": "H2",
                "Mã hộ": "",
                "Nội dung": "Đo cường độ điện trường tại các nhà dưới hành lang",
                "Người cam kết": "Công ty Truyền tải điện 1",
                "Hạn": d(2024, 5, 15),
                "Ngày xong": d(2024, 5, 10),
            },
        ]
    )
    write_history(
        folder / "lich_su.xlsx",
        {
            "Cuộc họp": meetings,
            "Tham dự": pd.DataFrame(attendance),
            "Sự kiện": pd.DataFrame(events),
            "Ý kiến": pd.DataFrame(concerns),
            "Cam kết": commitments,
            "Biểu quyết": pd.DataFrame(
                columns=["Cuộc họp", "Câu hỏi", "Phương án", "Mã hộ", "Lựa chọn"]
            ),
        },
    )


# ----------------------------------------------------------------------------------------------
def hung_nguyen() -> None:
    rng = np.random.default_rng(2026)
    folder = OUT / "hung-nguyen-vsip"
    cx, cy = xy(105.6290, 18.6555)
    area = shapely.Polygon(
        [(cx - 700, cy - 450), (cx + 650, cy - 520), (cx + 720, cy + 430), (cx - 620, cy + 500)]
    )
    cells = tessellate(area, 210, rng)
    boundary = shapely.Polygon(
        [
            (cx - 380, cy - 300),
            (cx + 420, cy - 330),
            (cx + 450, cy + 250),
            (cx + 60, cy + 330),
            (cx - 400, cy + 260),
        ]
    )
    cemetery = shapely.box(cx - 330, cy + 120, cx - 200, cy + 240)
    inside = [i for i, c in enumerate(cells) if c.intersection(boundary).area > 20]
    rng.shuffle(inside)
    household_parcels = sorted(inside[:80])
    public = set(inside[80:])  # roads, canals and commune land inside the boundary
    codes, owners, communes, olds = [], [], [], []
    for i, cell in enumerate(cells):
        old = "Hưng Tây" if cell.centroid.x < cx else "Hưng Đạo"
        communes.append(
            "Hưng Nguyên" if cell.centroid.x < cx else "Hưng Nguyên Nam"
        )  # two communes
        olds.append(old)
        if cell.intersects(cemetery):
            codes.append("NTD")
            owners.append("UBND xã Hưng Nguyên")
        elif i in household_parcels:
            codes.append(str(rng.choice(["LUC", "HNK", "ONT", "CLN"], p=[0.5, 0.2, 0.15, 0.15])))
            owners.append("")
        elif i in public:
            codes.append(str(rng.choice(["DGT", "DTL", "BCS"])))
            owners.append("UBND xã Hưng Nguyên")
        else:
            codes.append(str(rng.choice(["LUC", "DGT", "DTL", "HNK"], p=[0.6, 0.15, 0.1, 0.15])))
            owners.append(person(rng)[0])
    people = [person(rng) for _ in range(40)]
    holdings = [[p] for p in household_parcels[:40]]
    west = [cells[p].centroid.x < cx for p in range(len(cells))]
    for k, p in enumerate(household_parcels[40:]):  # a second parcel in the same commune
        same = [j for j in range(40) if west[holdings[j][0]] == west[p]]
        holdings[same[k % len(same)]].append(p)
    for (name, _s), held in zip(people, holdings, strict=True):
        for p in held:
            owners[p] = name
    sheets = [str(5 + int((c.centroid.y - (cy - 600)) // 500)) for c in cells]
    parcels = gpd.GeoDataFrame({"SO_TO": sheets}, geometry=cells, crs=EPSG)
    numbers: dict[tuple[str, str], int] = {}
    rows = []
    for i, cell in enumerate(cells):
        key = (olds[i], sheets[i])
        numbers[key] = numbers.get(key, 0) + int(rng.integers(1, 3))
        rows.append(
            {
                "so_to": sheets[i],
                "so_thua": str(numbers[key]),
                "loai_dat": codes[i],
                "dien_tich": round(cell.area * rng.uniform(0.98, 1.02), 1),
                "xa": communes[i],
                "xa_cu": olds[i],
                "chu_su_dung": owners[i],
            }
        )
    parcels = gpd.GeoDataFrame(rows, geometry=cells, crs=EPSG)
    parcels.to_file(folder / "thua_dat.gpkg", layer="thua_dat", driver="GPKG", engine="pyogrio")
    gpd.GeoDataFrame(
        {"ten": ["Ranh giới thu hồi đất mở rộng KCN VSIP Nghệ An (giai đoạn 2)"]},
        geometry=[boundary],
        crs=EPSG,
    ).to_crs(4326).to_file(folder / "ranh_gioi_thu_hoi.geojson", driver="GeoJSON", engine="pyogrio")

    villages = ["Xóm 1", "Xóm 3", "Xóm 5", "Xóm 7"]
    vulnerable = {
        2: "hộ nghèo",
        7: "phụ nữ làm chủ hộ",
        11: "người khuyết tật",
        19: "hộ cận nghèo",
        23: "gia đình chính sách",
        31: "người cao tuổi sống một mình",
    }
    codes40 = [f"HN{k + 1:03d}" for k in range(40)]
    households = pd.DataFrame(
        {
            "Mã hộ": codes40,
            "Chủ hộ": [n for n, _ in people],
            "Giới tính": [s for _, s in people],
            "Số nhân khẩu": rng.integers(1, 8, 40),
            "Thôn": [villages[k % 4] for k in range(40)],
            "Điện thoại": [f"08{rng.integers(10_000_000, 99_999_999)}" for _ in range(40)],
            "Số CCCD": [f"040{rng.integers(100_000_000, 999_999_999)}" for _ in range(40)],
            "Dễ bị tổn thương": [vulnerable.get(k, "") for k in range(40)],
        }
    )
    links = pd.DataFrame(
        [
            {
                "Mã hộ": codes40[k],
                "Tờ bản đồ": parcels.so_to[p],
                "Thửa đất": parcels.so_thua[p],
                "Xã cũ": parcels.xa_cu[p],
                "Vai trò": "land_user",
                "Tỷ lệ": 1.0,
            }
            for k, held in enumerate(holdings)
            for p in held
        ]
    )
    write_history(folder / "ho_gia_dinh.xlsx", {"Hộ": households, "Thửa": links})

    d = dt.date
    meetings = pd.DataFrame(
        [
            {
                "Mã": "H1",
                "Loại": "pre_notice",
                "Thời gian": dt.datetime(2026, 9, 15, 14, 0),
                "Địa điểm": "Hội trường UBND xã Hưng Nguyên",
                "Chủ trì": "Trần Đình Khánh",
                "Chức vụ": "Chủ tịch UBND xã Hưng Nguyên",
                "Thành phần": "UBND xã, MTTQ, Ban QL KKT Đông Nam",
                "Nội dung": "Phổ biến chủ trương mở rộng KCN và di dời nghĩa trang.",
            },
            {
                "Mã": "H2",
                "Loại": "plan_consultation",
                "Thời gian": dt.datetime(2026, 10, 20, 8, 0),
                "Địa điểm": "Nhà văn hóa Xóm 3",
                "Chủ trì": "Trần Đình Khánh",
                "Chức vụ": "Chủ tịch UBND xã Hưng Nguyên",
                "Thành phần": "UBND xã, MTTQ, đại diện các dòng họ",
                "Nội dung": "Lấy ý kiến về vị trí nghĩa trang mới: 3 phương án.",
            },
        ]
    )
    events, concerns, attendance, votes = [], [], [], []
    sites = ["Đồi Cồn Mộ (phía tây)", "Khu Rú Ràm (phía bắc)", "Bãi Đồng Trằm (phía nam)"]
    plan = (
        ["not_contacted"] * 7
        + ["informed"] * 8
        + ["concerns"] * 11
        + ["agreed"] * 12
        + ["refused"] * 2
    )
    cats = [
        "compensation_price",
        "graves",
        "livelihood",
        "area_boundary",
        "resettlement",
        "procedure",
    ]
    for k, (code, status) in enumerate(zip(codes40, plan, strict=True)):
        name, sex = people[k]
        if status == "not_contacted":
            continue
        events.append(
            {
                "Mã hộ": code,
                "Ngày": d(2026, 9, 15),
                "Trạng thái": "informed",
                "Cuộc họp": "H1",
                "Ghi chú": "Dự họp phổ biến chủ trương",
            }
        )
        attendance.append({"Cuộc họp": "H1", "Mã hộ": code, "Người dự": name, "Giới tính": sex})
        if k % 2 == 0:
            attendance.append({"Cuộc họp": "H2", "Mã hộ": code, "Người dự": name, "Giới tính": sex})
            votes.append(
                {
                    "Cuộc họp": "H2",
                    "Câu hỏi": "Chọn vị trí nghĩa trang mới",
                    "Phương án": " | ".join(sites),
                    "Mã hộ": code,
                    "Lựa chọn": sites[k % 5 % 3],
                }
            )
        when = d(2026, 9, 20) + dt.timedelta(days=k)
        if status in ("concerns", "refused", "agreed"):
            events.append(
                {
                    "Mã hộ": code,
                    "Ngày": when,
                    "Trạng thái": status,
                    "Cuộc họp": "",
                    "Ghi chú": {
                        "concerns": "Còn băn khoăn",
                        "refused": "Không đồng ý phương án",
                        "agreed": "Ký biên bản đồng thuận",
                    }[status],
                }
            )
        if status in ("concerns", "refused"):
            cat = cats[k % len(cats)]
            answered = k % 3 == 0
            concerns.append(
                {
                    "Mã hộ": code,
                    "Loại": cat,
                    "Kênh": "meeting" if k % 2 == 0 else "written_petition",
                    "Nội dung": {
                        "compensation_price": "Giá bồi thường đất lúa thấp hơn giá thị trường.",
                        "graves": "Gia đình có 3 ngôi mộ, đề nghị hỗ trợ chi phí cải táng.",
                        "livelihood": "Mất đất sản xuất, đề nghị hỗ trợ chuyển đổi nghề.",
                        "area_boundary": "Diện tích đo đạc ít hơn sổ đỏ khoảng 40 m².",
                        "resettlement": "Đề nghị được bố trí lô tái định cư gần xóm cũ.",
                        "procedure": "Chưa nhận được thông báo thu hồi đất bằng văn bản.",
                    }[cat],
                    "Ngày nhận": when,
                    "Ngày trả lời": when + dt.timedelta(days=12) if answered else None,
                    "Cuộc họp": "",
                    "Trả lời": "Đã giải thích chính sách tại buổi làm việc" if answered else "",
                    "Người trả lời": "Trần Đình Khánh" if answered else "",
                    "Ngày giải quyết": None,
                }
            )
    commitments = pd.DataFrame(
        [
            {
                "Cuộc họp": "H2",
                "Mã hộ": "",
                "Nội dung": "Khảo sát địa chất 3 vị trí nghĩa trang đề xuất",
                "Người cam kết": "Ban QL KKT Đông Nam",
                "Hạn": d(2026, 11, 10),
                "Ngày xong": None,
            },
            {
                "Cuộc họp": "H2",
                "Mã hộ": "",
                "Nội dung": "Công bố đơn giá hỗ trợ cải táng mộ",
                "Người cam kết": "UBND xã Hưng Nguyên",
                "Hạn": d(2026, 12, 15),
                "Ngày xong": None,
            },
            {
                "Cuộc họp": "H1",
                "Mã hộ": "",
                "Nội dung": "Niêm yết danh sách hộ bị ảnh hưởng tại trụ sở xã",
                "Người cam kết": "UBND xã Hưng Nguyên",
                "Hạn": d(2026, 9, 25),
                "Ngày xong": d(2026, 9, 22),
            },
        ]
    )
    write_history(
        folder / "lich_su.xlsx",
        {
            "Cuộc họp": meetings,
            "Tham dự": pd.DataFrame(attendance),
            "Sự kiện": pd.DataFrame(events),
            "Ý kiến": pd.DataFrame(concerns),
            "Cam kết": commitments,
            "Biểu quyết": pd.DataFrame(votes),
        },
    )


if __name__ == "__main__":
    cat_van()
    hung_nguyen()
    for path in sorted(OUT.rglob("*.*")):
        print(path.relative_to(OUT), path.stat().st_size)
