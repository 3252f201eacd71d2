-- The demo enterprise's MES/ERP database (SQLite). Comments inside each CREATE statement are
-- the table and column comments: SQLite keeps the statement text, and the SQLite connector reads
-- "-- comment" after the opening line (the table) and after each column definition. Column names
-- mix Chinese, pinyin abbreviations and English, as real plant systems do.

CREATE TABLE md_site ( -- 厂区与站点主数据
    site_code TEXT PRIMARY KEY, -- 站点编码
    site_name TEXT NOT NULL, -- 站点名称
    site_type TEXT NOT NULL, -- 站点类型
    address TEXT NOT NULL, -- 详细地址
    longitude REAL NOT NULL, -- 经度 (WGS-84)
    latitude REAL NOT NULL -- 纬度 (WGS-84)
);

CREATE TABLE md_line ( -- 产线主数据
    line_code TEXT PRIMARY KEY, -- 产线编码
    line_name TEXT NOT NULL, -- 产线名称
    workshop TEXT NOT NULL, -- 所属车间
    site_code TEXT NOT NULL REFERENCES md_site (site_code) -- 所属站点
);

CREATE TABLE md_product ( -- 产品主数据
    product_code TEXT PRIMARY KEY, -- 产品编码
    product_name TEXT NOT NULL, -- 产品名称
    drawing_no TEXT NOT NULL, -- 图号
    material TEXT NOT NULL, -- 材料牌号
    unit_price_cny REAL NOT NULL -- 标准单价（元）
);

CREATE TABLE md_material ( -- 物料主数据
    material_code TEXT PRIMARY KEY, -- 物料编码
    wlmc TEXT NOT NULL, -- 物料名称
    ggxh TEXT NOT NULL, -- 规格型号
    unit TEXT NOT NULL, -- 计量单位
    category TEXT NOT NULL -- 物料类别
);

CREATE TABLE pp_bom ( -- 物料清单 BOM
    bom_id INTEGER PRIMARY KEY, -- BOM 行号
    product_code TEXT NOT NULL REFERENCES md_product (product_code), -- 父项产品
    material_code TEXT NOT NULL REFERENCES md_material (material_code), -- 子项物料
    qty_per REAL NOT NULL, -- 单位用量
    unit TEXT NOT NULL, -- 计量单位
    loss_rate REAL NOT NULL -- 损耗率
);

CREATE TABLE hr_employee ( -- 员工花名册
    工号 TEXT PRIMARY KEY, -- 员工工号
    姓名 TEXT NOT NULL, -- 员工姓名
    性别 TEXT NOT NULL, -- 性别
    出生日期 TEXT NOT NULL, -- 出生日期
    身份证号 TEXT NOT NULL, -- 居民身份证号码
    手机 TEXT NOT NULL, -- 手机号码
    电子邮箱 TEXT NOT NULL, -- 企业邮箱
    开户行 TEXT NOT NULL, -- 工资卡开户行
    银行卡号 TEXT NOT NULL, -- 工资卡卡号
    家庭住址 TEXT NOT NULL, -- 现居住地址
    部门 TEXT NOT NULL, -- 所属部门
    岗位 TEXT NOT NULL, -- 岗位
    入职日期 TEXT NOT NULL, -- 入职日期
    月薪 INTEGER NOT NULL -- 月基本工资（元）
);

CREATE TABLE hr_salary ( -- 工资发放明细
    ffyf TEXT NOT NULL, -- 发放月份
    gh TEXT NOT NULL REFERENCES hr_employee (工号), -- 工号
    xm TEXT NOT NULL, -- 姓名
    yhkh TEXT NOT NULL, -- 银行卡号
    khh TEXT NOT NULL, -- 开户行
    yfgz REAL NOT NULL, -- 应发工资（元）
    sbgjj REAL NOT NULL, -- 社保公积金个人部分（元）
    gs REAL NOT NULL, -- 个人所得税（元）
    sfgz REAL NOT NULL, -- 实发工资（元）
    PRIMARY KEY (ffyf, gh)
);

CREATE TABLE aq_visitor ( -- 门卫访客登记
    djh TEXT PRIMARY KEY, -- 登记号
    xm TEXT NOT NULL, -- 访客姓名
    sfzh TEXT NOT NULL, -- 身份证号
    lxdh TEXT NOT NULL, -- 联系电话
    dw TEXT NOT NULL, -- 来访单位
    cph TEXT, -- 车牌号
    bfr TEXT NOT NULL, -- 被访人
    sy TEXT NOT NULL, -- 来访事由
    lfsj TEXT NOT NULL, -- 来访时间
    lksj TEXT NOT NULL -- 离开时间
);

CREATE TABLE sys_user ( -- 系统用户账号
    user_id INTEGER PRIMARY KEY, -- 用户 ID
    username TEXT NOT NULL UNIQUE, -- 登录名
    display_name TEXT NOT NULL, -- 显示名
    staff_no TEXT, -- 关联工号
    email TEXT, -- 邮箱
    password_hash TEXT NOT NULL, -- 密码哈希
    role TEXT NOT NULL, -- 角色
    locked INTEGER NOT NULL, -- 是否锁定
    last_login_at TEXT, -- 最近登录时间
    last_login_ip TEXT -- 最近登录 IP
);

CREATE TABLE crm_customer ( -- 客户档案
    customer_id TEXT PRIMARY KEY, -- 客户编码
    customer_name TEXT NOT NULL, -- 客户名称
    uscc TEXT NOT NULL, -- 统一社会信用代码
    contact_name TEXT NOT NULL, -- 联系人
    contact_phone TEXT NOT NULL, -- 联系人手机
    landline TEXT NOT NULL, -- 座机
    contact_email TEXT NOT NULL, -- 联系邮箱
    address TEXT NOT NULL, -- 注册地址
    postcode TEXT NOT NULL, -- 邮政编码
    credit_limit_cny REAL NOT NULL, -- 信用额度（元）
    sales_rep TEXT NOT NULL REFERENCES hr_employee (工号) -- 负责销售
);

CREATE TABLE srm_gys ( -- 供应商档案
    gysbm TEXT PRIMARY KEY, -- 供应商编码
    gysmc TEXT NOT NULL, -- 供应商名称
    tyshxydm TEXT NOT NULL, -- 统一社会信用代码
    gylb TEXT NOT NULL, -- 供应类别
    lxr TEXT NOT NULL, -- 联系人
    lxdh TEXT NOT NULL, -- 联系电话
    sjhm TEXT NOT NULL, -- 手机号码
    dz TEXT NOT NULL, -- 地址
    khh TEXT NOT NULL, -- 开户行
    yhzh TEXT NOT NULL -- 银行账号
);

CREATE TABLE sd_contract ( -- 销售合同
    contract_no TEXT PRIMARY KEY, -- 合同编号
    customer_id TEXT NOT NULL REFERENCES crm_customer (customer_id), -- 客户编码
    product_code TEXT NOT NULL REFERENCES md_product (product_code), -- 产品编码
    sign_date TEXT NOT NULL, -- 签订日期
    quantity INTEGER NOT NULL, -- 数量
    unit_price REAL NOT NULL, -- 含税单价（元）
    amount_cny REAL NOT NULL, -- 合同金额（元）
    tax_rate REAL NOT NULL, -- 税率
    delivery_date TEXT NOT NULL, -- 交货日期
    status TEXT NOT NULL -- 合同状态
);

CREATE TABLE pp_recipe ( -- 工艺配方
    recipe_id TEXT PRIMARY KEY, -- 配方编号
    配方名称 TEXT NOT NULL, -- 配方名称
    product_code TEXT NOT NULL REFERENCES md_product (product_code), -- 适用产品
    version TEXT NOT NULL, -- 版本
    approved_by TEXT NOT NULL, -- 批准人
    approved_on TEXT NOT NULL, -- 批准日期
    status TEXT NOT NULL -- 状态
);

CREATE TABLE pp_recipe_param ( -- 工艺配方参数（设定值与公差）
    param_id INTEGER PRIMARY KEY, -- 参数行号
    recipe_id TEXT NOT NULL REFERENCES pp_recipe (recipe_id), -- 配方编号
    step_no INTEGER NOT NULL, -- 工步号
    工序 TEXT NOT NULL, -- 工序名称
    parameter TEXT NOT NULL, -- 工艺参数
    set_point REAL NOT NULL, -- 设定值
    unit TEXT NOT NULL, -- 单位
    tol_lower REAL NOT NULL, -- 下限
    tol_upper REAL NOT NULL -- 上限
);

CREATE TABLE pp_work_order ( -- 生产工单
    gdh TEXT PRIMARY KEY, -- 工单号
    contract_no TEXT REFERENCES sd_contract (contract_no), -- 来源合同
    product_code TEXT NOT NULL REFERENCES md_product (product_code), -- 产品编码
    line_code TEXT NOT NULL REFERENCES md_line (line_code), -- 产线
    recipe_id TEXT REFERENCES pp_recipe (recipe_id), -- 工艺配方
    plan_qty INTEGER NOT NULL, -- 计划数量
    done_qty INTEGER NOT NULL, -- 完工数量
    plan_start TEXT NOT NULL, -- 计划开工
    plan_end TEXT NOT NULL, -- 计划完工
    status TEXT NOT NULL -- 工单状态
);

CREATE TABLE eam_equipment ( -- 设备台账
    sbbh TEXT PRIMARY KEY, -- 设备编号
    sbmc TEXT NOT NULL, -- 设备名称
    model TEXT NOT NULL, -- 型号
    serial_no TEXT NOT NULL, -- 出厂编号
    vendor TEXT NOT NULL, -- 制造商
    line_code TEXT NOT NULL REFERENCES md_line (line_code), -- 所在产线
    location TEXT NOT NULL, -- 安装位置
    commissioned_on TEXT NOT NULL, -- 投用日期
    asset_value_cny REAL NOT NULL -- 资产原值（元）
);

CREATE TABLE eam_maintenance ( -- 设备维修记录
    wxdh TEXT PRIMARY KEY, -- 维修单号
    sbbh TEXT NOT NULL REFERENCES eam_equipment (sbbh), -- 设备编号
    fault TEXT NOT NULL, -- 故障现象
    action TEXT NOT NULL, -- 处理措施
    technician TEXT NOT NULL, -- 维修人员
    started_at TEXT NOT NULL, -- 开始时间
    finished_at TEXT NOT NULL, -- 完成时间
    cost_cny REAL NOT NULL -- 维修费用（元）
);

CREATE TABLE ot_plc_tag ( -- PLC 变量表
    tag_name TEXT PRIMARY KEY, -- 变量名
    plc_name TEXT NOT NULL, -- 所属 PLC
    address TEXT NOT NULL, -- 地址（S7 / Modbus）
    data_type TEXT NOT NULL, -- 数据类型
    opcua_node_id TEXT NOT NULL, -- OPC UA 节点 ID
    eng_unit TEXT NOT NULL, -- 工程单位
    description TEXT NOT NULL, -- 说明
    scan_ms INTEGER NOT NULL -- 采集周期（毫秒）
);

CREATE TABLE ot_network_asset ( -- 控制网络拓扑与资产
    hostname TEXT PRIMARY KEY, -- 主机名
    ipv4 TEXT NOT NULL, -- IP 地址
    mac TEXT NOT NULL, -- MAC 地址
    vlan INTEGER NOT NULL, -- VLAN
    device_model TEXT NOT NULL, -- 设备型号
    firmware_version TEXT NOT NULL, -- 固件 / 系统版本
    zone TEXT NOT NULL, -- 安全区域
    role TEXT NOT NULL, -- 角色
    uplink TEXT NOT NULL -- 上联设备
);

CREATE TABLE qm_inspection ( -- 质量检验记录
    jydh TEXT PRIMARY KEY, -- 检验单号
    gdh TEXT NOT NULL REFERENCES pp_work_order (gdh), -- 工单号
    product_code TEXT NOT NULL, -- 产品编码
    inspector TEXT NOT NULL, -- 检验员
    inspected_at TEXT NOT NULL, -- 检验时间
    characteristic TEXT NOT NULL, -- 检验项目
    measured REAL NOT NULL, -- 实测值
    lsl REAL NOT NULL, -- 规格下限
    usl REAL NOT NULL, -- 规格上限
    unit TEXT NOT NULL, -- 单位
    result TEXT NOT NULL, -- 判定
    defect TEXT -- 缺陷类型
);

CREATE TABLE mes_daily_output ( -- 生产统计（产线日产量）
    stat_date TEXT NOT NULL, -- 统计日期
    line_code TEXT NOT NULL REFERENCES md_line (line_code), -- 产线
    product_code TEXT NOT NULL, -- 产品
    output_qty INTEGER NOT NULL, -- 产量
    scrap_qty INTEGER NOT NULL, -- 报废数
    oee REAL NOT NULL, -- 设备综合效率
    shifts INTEGER NOT NULL, -- 班次数
    PRIMARY KEY (stat_date, line_code)
);

CREATE TABLE ems_energy ( -- 能耗统计
    stat_date TEXT NOT NULL, -- 统计日期
    site_code TEXT NOT NULL REFERENCES md_site (site_code), -- 站点
    medium TEXT NOT NULL, -- 能源介质
    consumption REAL NOT NULL, -- 消耗量
    unit TEXT NOT NULL, -- 单位
    cost_cny REAL NOT NULL, -- 费用（元）
    PRIMARY KEY (stat_date, site_code, medium)
);

CREATE TABLE wms_inventory ( -- 仓库库存
    warehouse TEXT NOT NULL, -- 仓库
    bin_location TEXT NOT NULL, -- 库位
    material_code TEXT NOT NULL, -- 物料或产品编码
    qty REAL NOT NULL, -- 库存数量
    unit TEXT NOT NULL, -- 单位
    updated_at TEXT NOT NULL, -- 更新时间
    PRIMARY KEY (warehouse, bin_location)
);

CREATE TABLE tms_shipment ( -- 物流运单
    ydh TEXT PRIMARY KEY, -- 运单号
    contract_no TEXT NOT NULL REFERENCES sd_contract (contract_no), -- 合同编号
    车牌号 TEXT NOT NULL, -- 承运车辆车牌
    司机 TEXT NOT NULL, -- 司机姓名
    司机电话 TEXT NOT NULL, -- 司机手机
    收货地址 TEXT NOT NULL, -- 收货地址
    邮编 TEXT NOT NULL, -- 邮政编码
    ship_date TEXT NOT NULL, -- 发运日期
    weight_kg REAL NOT NULL -- 货重（千克）
);

CREATE TABLE mes_sensor_ts ( -- 传感器时序数据
    ts TEXT NOT NULL, -- 采样时间
    tag TEXT NOT NULL, -- 变量名
    value REAL NOT NULL, -- 采样值
    quality INTEGER NOT NULL -- 质量码（192 = Good）
);
