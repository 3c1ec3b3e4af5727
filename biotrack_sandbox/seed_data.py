"""The demo state of DESIGN.md plus the state's other businesses (vendors)."""

DEMO_UBI = "600123456"
DEMO_COMPANY = "Demo Dispensary"

# (license, name, status, address); NY-RET-000103 is active but not yet used by the app
# (license sync finds it), NY-RET-000104 is inactive.
DEMO_LICENSES = [
    ("NY-RET-000101", "Demo Dispensary Downtown", "active", "101 State St, Albany, NY 12207"),
    ("NY-RET-000102", "Demo Dispensary Uptown", "active", "202 Central Ave, Albany, NY 12206"),
    ("NY-RET-000103", "Demo Dispensary Midtown", "active", "303 Lark St, Albany, NY 12210"),
    ("NY-RET-000104", "Demo Dispensary Riverside", "inactive", "404 Broadway, Albany, NY 12207"),
]

# (username, password, first, last, admin, active, licenses)
DEMO_USERS = [
    ("biotrack-admin@demo.test", "bt-admin-pass", "Dana", "Admin", True, True,
     ["NY-RET-000101", "NY-RET-000102", "NY-RET-000103", "NY-RET-000104"]),
    ("clerk@demo.test", "bt-clerk-pass", "Casey", "Clerk", False, True, ["NY-RET-000101", "NY-RET-000102"]),
    ("former.employee@demo.test", "bt-former-pass", "Frankie", "Former", False, False, ["NY-RET-000101"]),
]

PRODUCTS = [
    "Blue Dream Flower 3.5g", "Sour Diesel Pre-Roll 1g", "Gelato Vape Cartridge 0.5g",
    "OG Kush Flower 7g", "Watermelon Gummies 100mg", "CBD Tincture 30ml", "Live Resin 1g",
    "Granddaddy Purple Flower 3.5g", "Mint Chocolate Bar 100mg", "Indica Blend Pre-Roll 5pk",
]

# Barcodes 6001234560000001..10 belong to Downtown, ..11..20 to Uptown.
DEMO_INVENTORY_LICENSES = {"NY-RET-000101": 1, "NY-RET-000102": 11}
DEMO_QUANTITY = "10000"

# (manifest, destination, origin, [(barcode, product, quantity)])
DEMO_MANIFESTS = [
    ("M-000101", "NY-RET-000101", "NY-PROC-100301",
     [("7001003010000001", "Hudson Haze Flower 3.5g", "120"), ("7001003010000002", "Valley Gummies 100mg", "60")]),
    ("M-000102", "NY-RET-000102", "NY-PROC-100301",
     [("7001003010000003", "Hudson Haze Flower 3.5g", "80"), ("7001003010000004", "Valley Vape 0.5g", "40")]),
]

# (invoice, license, vendor license, total)
DEMO_INVOICES = [
    ("INV-000101-01", "NY-RET-000101", "NY-PROC-100301", "2500.00"),
    ("INV-000101-02", "NY-RET-000101", "NY-CULT-100101", "1200.50"),
    ("INV-000101-03", "NY-RET-000101", "NY-DIST-100801", "98000.00"),
    ("INV-000102-01", "NY-RET-000102", "NY-PROC-100301", "3100.00"),
    ("INV-000102-02", "NY-RET-000102", "NY-CULT-100101", "875.25"),
    ("INV-000102-03", "NY-RET-000102", "NY-DIST-100801", "98000.00"),
]

# Another retailer, so that cross-company requests can be refused.
OTHER_RETAILER = ("600987654", "Harbor Cannabis", "NY-RET-000201", "Harbor Cannabis Pier 5", "5 Pier Rd, Buffalo, NY 14202")
OTHER_ADMIN = ("harbor-admin@harbor.test", "harbor-pass", "Hal", "Harbor")

# The state's vendors: (ubi, name, [(license, name, kind, status, deleted, address)]).
# kind is a set of "producer"/"processor"/"retail"; some licenses are inactive or deleted.
VENDORS = [
    ("700100101", "Hudson Valley Growers", [
        ("NY-CULT-100101", "Hudson Valley Growers - Kingston", "producer", "active", False, "12 River Rd, Kingston, NY 12401"),
        ("NY-CULT-100102", "Hudson Valley Growers - Saugerties", "producer", "inactive", False, "8 Mill St, Saugerties, NY 12477"),
    ]),
    ("700100201", "Empire Cultivation Co", [
        ("NY-CULT-100201", "Empire Cultivation Co", "producer", "active", False, "55 Farm Ln, Geneva, NY 14456"),
    ]),
    ("700100301", "Catskill Craft Processing", [
        ("NY-PROC-100301", "Catskill Craft Processing", "processor", "active", False, "9 Industrial Way, Catskill, NY 12414"),
        ("NY-PROC-100302", "Catskill Craft Processing - Annex", "processor", "active", True, "11 Industrial Way, Catskill, NY 12414"),
    ]),
    ("700100401", "Finger Lakes Farms", [
        ("NY-CULT-100401", "Finger Lakes Farms - Seneca", "producer", "active", False, "300 Lake Rd, Seneca Falls, NY 13148"),
        ("NY-CULT-100402", "Finger Lakes Farms - Keuka", "producer", "active", False, "41 Bluff Rd, Penn Yan, NY 14527"),
        ("NY-PROC-100403", "Finger Lakes Farms Kitchen", "processor", "active", False, "302 Lake Rd, Seneca Falls, NY 13148"),
    ]),
    ("700100501", "Brooklyn Botanicals", [
        ("NY-PROC-100501", "Brooklyn Botanicals", "processor", "active", False, "77 Kent Ave, Brooklyn, NY 11249"),
    ]),
    ("700100601", "Adirondack Extracts", [
        ("NY-PROC-100601", "Adirondack Extracts", "processor", "inactive", False, "2 Pine St, Lake Placid, NY 12946"),
    ]),
    ("700100701", "Long Island Labs", [
        ("NY-PROC-100701", "Long Island Labs", "processor", "active", False, "150 Motor Pkwy, Hauppauge, NY 11788"),
    ]),
    ("700100801", "Mohawk Valley Distribution", [
        ("NY-DIST-100801", "Mohawk Valley Distribution", "processor", "active", False, "18 Canal St, Utica, NY 13501"),
        ("NY-DIST-100802", "Mohawk Valley Distribution - Rome", "processor", "active", False, "6 Erie Blvd, Rome, NY 13440"),
    ]),
    ("700100901", "Niagara Naturals", [
        ("NY-CULT-100901", "Niagara Naturals", "producer,processor", "active", False, "1 Falls Rd, Niagara Falls, NY 14301"),
    ]),
    ("700101001", "Queens Kitchen Edibles", [
        ("NY-PROC-101001", "Queens Kitchen Edibles", "processor", "active", False, "42-10 Vernon Blvd, Queens, NY 11101"),
    ]),
    ("700101101", "Saratoga Soil Works", [
        ("NY-CULT-101101", "Saratoga Soil Works", "producer", "active", True, "90 Union Ave, Saratoga Springs, NY 12866"),
        ("NY-CULT-101102", "Saratoga Soil Works - North", "producer", "active", False, "12 Route 9, Wilton, NY 12831"),
    ]),
    ("700101201", "Tompkins Terpene Co", [
        ("NY-PROC-101201", "Tompkins Terpene Co", "processor", "active", False, "20 State St, Ithaca, NY 14850"),
    ]),
]
